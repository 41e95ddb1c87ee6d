using static TorchSharp.torch;

namespace PatcherPortal.Engine.Models;

public static class ModuleExtensions
{
    /// <summary>The device of a module's first parameter (CPU for a module without parameters).</summary>
    public static Device Device(this nn.Module module) => module.parameters().FirstOrDefault()?.device ?? CPU;
}
