using static TorchSharp.torch;

namespace PatcherPortal.Engine.Models;

public static class ModuleExtensions
{
    /// <summary>The device of a module's first parameter (CPU for a module without parameters).</summary>
    public static Device Device(this nn.Module module) => module.parameters().FirstOrDefault()?.device ?? CPU;

    /// <summary>Each parameter once: GPT-2's tied embedding and LM head are one tensor listed under two names.</summary>
    public static IReadOnlyList<TorchSharp.Modules.Parameter> UniqueParameters(this nn.Module module) =>
        module.parameters().DistinctBy(p => p.Handle).ToList();

    public static long ParameterCount(this nn.Module module) => module.UniqueParameters().Sum(p => p.numel());
}
