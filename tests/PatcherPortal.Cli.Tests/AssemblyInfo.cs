using System.Runtime.CompilerServices;

// Tests seed libtorch's global random generator before building models; parallel test classes would draw from it
// in between and make "identical" models differ.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace PatcherPortal.Cli.Tests;

internal static class TorchThreads
{
    /// <summary>The test projects run side by side on two cores; libtorch's spinning worker threads then slow small
    /// tensor work many times over, so each test process uses one.</summary>
    [ModuleInitializer]
    internal static void UseOne() => TorchSharp.torch.set_num_threads(1);
}
