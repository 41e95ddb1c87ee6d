using static TorchSharp.torch;

namespace PatcherPortal.Engine.Models;

public static class ModuleExtensions
{
    /// <summary>The device of a module's first parameter (CPU for a module without parameters).</summary>
    public static Device Device(this nn.Module module) => module.parameters().FirstOrDefault()?.device ?? CPU;

    /// <summary>Each parameter once: a tied embedding and LM head are one tensor listed under two names (as two
    /// wrappers of the same memory for BERT, hence the memory address).</summary>
    public static IReadOnlyList<TorchSharp.Modules.Parameter> UniqueParameters(this nn.Module module,
        Func<TorchSharp.Modules.Parameter, bool>? where = null) =>
        module.parameters().Where(where ?? (_ => true)).DistinctBy(Memory).ToList();

    private static (IntPtr, long) Memory(TorchSharp.Modules.Parameter p)
    {
        if (p.dtype != ScalarType.Float32) return (p.Handle, 0);
        using var storage = p.storage<float>();
        return (storage.data_ptr(), p.storage_offset());
    }

    /// <summary>No gradient for the module's own weights until disposed: training a patch must not back-propagate
    /// into (or accumulate gradients for) a frozen model, a 30,522-token LM head included.</summary>
    public static IDisposable Freeze(this nn.Module module)
    {
        var trainable = module.parameters().Where(p => p.requires_grad).ToList();
        foreach (var p in trainable) p.requires_grad_(false);
        return new Restore(() => { foreach (var p in trainable) p.requires_grad_(true); });
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    public static long ParameterCount(this nn.Module module) => module.UniqueParameters().Sum(p => p.numel());
}
