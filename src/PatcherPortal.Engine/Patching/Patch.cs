using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Patching;

/// <summary>One patch neuron: key k (d), scalar bias b and value v (d). Owns copies of its tensors, outside any dispose scope.</summary>
public sealed class Patch : IDisposable
{
    public Patch(Guid id, Tensor key, Tensor bias, Tensor value)
    {
        if (key.dim() != 1 || value.dim() != 1 || key.shape[0] != value.shape[0])
            throw new ArgumentException($"A patch needs a key and a value of the same length (got {Shape(key)} and {Shape(value)}).");
        Id = id;
        Key = key.detach().to(float32).clone().DetachFromDisposeScope();
        Bias = bias.detach().to(float32).reshape().clone().DetachFromDisposeScope();
        Value = value.detach().to(float32).clone().DetachFromDisposeScope();
    }

    /// <summary>A random key and a very negative bias: it never fires, yet costs every input what any patch costs
    /// (for measuring the overhead of many patches).</summary>
    public static Patch NeverFiring(long dimension)
    {
        using var scope = NewDisposeScope();
        return new Patch(Guid.NewGuid(), randn(dimension) / Math.Sqrt(dimension), tensor(-1000f), randn(dimension));
    }

    public Guid Id { get; }
    public Tensor Key { get; }
    public Tensor Bias { get; }
    public Tensor Value { get; }
    public long Dimension => Key.shape[0];
    public long ParameterCount => 2 * Dimension + 1;

    public Patch To(Device device) =>
        Key.device == device ? this : new Patch(Id, Key.to(device), Bias.to(device), Value.to(device));

    private static string Shape(Tensor t) => $"({string.Join(", ", t.shape)})";

    public void Dispose()
    {
        Key.Dispose();
        Bias.Dispose();
        Value.Dispose();
    }
}
