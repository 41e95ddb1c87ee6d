using static TorchSharp.torch;

namespace PatcherPortal.Engine.Patching;

/// <summary>
/// The weight deltas applied to a feed-forward layer, in order. Every change rewrites the weights from a copy of the base
/// taken before the first delta, then adds each delta: removing one, or all, gives back exactly what adding them
/// in that order gives, and no delta leaves the base weights changed by rounding.
/// </summary>
internal sealed class WeightDeltas(Func<(Tensor Key, Tensor Value)> weights)
{
    private readonly List<Patch> applied = [];
    private (Tensor Key, Tensor Value)? baseWeights;

    public int Count => applied.Count;
    public IReadOnlyList<Patch> Applied => applied;

    public void AddRange(IEnumerable<Patch> added)
    {
        var (key, value) = weights();
        var batch = added.ToList();
        if (batch.FirstOrDefault(d => !d.Key.shape.SequenceEqual(key.shape) || !d.Value.shape.SequenceEqual(value.shape)) is { } misfit)
            throw new ArgumentException($"Weight delta {misfit.Id} changes {Shape(misfit.Key)} and {Shape(misfit.Value)} weights; " +
                $"this layer's are {Shape(key)} and {Shape(value)}.");
        applied.AddRange(batch);
        Reapply();
    }

    public bool Remove(Guid id)
    {
        var index = applied.FindIndex(p => p.Id == id);
        if (index < 0) return false;
        applied[index].Dispose();
        applied.RemoveAt(index);
        Reapply();
        return true;
    }

    public void Clear()
    {
        foreach (var delta in applied) delta.Dispose();
        applied.Clear();
        Reapply();
    }

    public void MoveTo(Device device)
    {
        for (var i = 0; i < applied.Count; i++)
        {
            var moved = applied[i].To(device);
            if (!ReferenceEquals(moved, applied[i])) applied[i].Dispose();
            applied[i] = moved;
        }
        if (baseWeights is var (key, value))
        {
            baseWeights = (key.to(device).DetachFromDisposeScope(), value.to(device).DetachFromDisposeScope());
            key.Dispose();
            value.Dispose();
        }
    }

    private void Reapply()
    {
        if (baseWeights is null && applied.Count == 0) return;
        using var noGrad = no_grad();
        var (key, value) = weights();
        baseWeights ??= (key.detach().clone().DetachFromDisposeScope(), value.detach().clone().DetachFromDisposeScope());
        key.copy_(baseWeights.Value.Key);
        value.copy_(baseWeights.Value.Value);
        foreach (var delta in applied)
        {
            key.add_(delta.Key);
            value.add_(delta.Value);
        }
        if (applied.Count > 0) return;
        baseWeights.Value.Key.Dispose();
        baseWeights.Value.Value.Dispose();
        baseWeights = null;
    }

    private static string Shape(Tensor t) => $"({string.Join(", ", t.shape)})";
}
