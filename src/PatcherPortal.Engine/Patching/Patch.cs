using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Patching;

/// <summary>What a patch adds to the last feed-forward layer: a neuron (T-Patcher), or a change of the layer's key and value
/// weights (MEND, KE).</summary>
public enum PatchKind { Neuron, WeightDelta }

/// <summary>One patch neuron: key k (d), scalar bias b and value v (d); or a weight delta: the changes of the layer's key and
/// value weights, each in its weight's own layout. Owns copies of its tensors, outside any dispose scope.</summary>
public sealed class Patch : IDisposable
{
    public Patch(Guid id, Tensor key, Tensor bias, Tensor value) : this(id, NeuronKey(key, value), bias, value, PatchKind.Neuron)
    {
    }

    private static Tensor NeuronKey(Tensor key, Tensor value) =>
        key.dim() == 1 && value.dim() == 1 && key.shape[0] == value.shape[0] ? key
            : throw new ArgumentException($"A patch needs a key and a value of the same length (got {Shape(key)} and {Shape(value)}).");

    private Patch(Guid id, Tensor key, Tensor bias, Tensor value, PatchKind kind)
    {
        Id = id;
        Kind = kind;
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

    /// <summary>A change of the layer's key weight and value weight (shaped as the module stores them), added to the
    /// base weights in the order of the version's patches.</summary>
    public static Patch WeightDelta(Guid id, Tensor keyWeight, Tensor valueWeight)
    {
        if (keyWeight.dim() != 2 || valueWeight.dim() != 2)
            throw new ArgumentException($"A weight delta needs two matrices (got {Shape(keyWeight)} and {Shape(valueWeight)}).");
        using var scope = NewDisposeScope();
        return new Patch(id, keyWeight, zeros(1), valueWeight, PatchKind.WeightDelta);
    }

    public Guid Id { get; }
    public PatchKind Kind { get; }
    public Tensor Key { get; }
    public Tensor Bias { get; }
    public Tensor Value { get; }
    public long Dimension => Key.shape[0];
    /// <summary>A weight delta changes parameters the model has; it adds none.</summary>
    public long ParameterCount => Kind == PatchKind.WeightDelta ? 0 : 2 * Dimension + 1;

    /// <summary>A copy owning its own tensors, of the same kind.</summary>
    public Patch Copy() => new(Id, Key, Bias, Value, Kind);

    public Patch To(Device device) =>
        Key.device == device ? this : new Patch(Id, Key.to(device), Bias.to(device), Value.to(device), Kind);

    private static string Shape(Tensor t) => $"({string.Join(", ", t.shape)})";

    public void Dispose()
    {
        Key.Dispose();
        Bias.Dispose();
        Value.Dispose();
    }
}
