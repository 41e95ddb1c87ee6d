using PatcherPortal.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Patching;

/// <summary>
/// The extra neurons appended to a feed-forward layer: patch i adds act(max(q·k_i + b_i, 0))·v_i to the layer output.
/// Kept outside the module tree so a base checkpoint loads and saves exactly as published. Weight deltas (MEND, KE) are
/// kept beside them: see <see cref="WeightDeltas"/>.
/// </summary>
public sealed class PatchBank : IDisposable
{
    private readonly List<Patch> patches = [];
    private readonly WeightDeltas? deltas;
    private Tensor? keys;    // (d, n)
    private Tensor? biases;  // (n)
    private Tensor? values;  // (n, d)

    /// <param name="weights">The layer's key and value weights, for weight deltas (none: the bank refuses them).</param>
    public PatchBank(Activation activation, Device device, Func<(Tensor Key, Tensor Value)>? weights = null)
    {
        Activation = activation;
        Device = device;
        deltas = weights is null ? null : new WeightDeltas(weights);
    }

    public Activation Activation { get; }
    public Device Device { get; private set; }
    /// <summary>Neurons and weight deltas.</summary>
    public int Count => patches.Count + (deltas?.Count ?? 0);
    /// <summary>The neurons, in the order of the stacked tensors' columns.</summary>
    public IReadOnlyList<Patch> Patches => patches;
    public IReadOnlyList<Patch> Deltas => deltas?.Applied ?? [];
    public long ParameterCount => patches.Sum(p => p.ParameterCount);

    public void Add(Patch patch) => AddRange([patch]);

    /// <summary>Applies several patches with one update of the fused tensors.</summary>
    public void AddRange(IEnumerable<Patch> added) => Change([], added);

    public bool Remove(Guid id)
    {
        if (deltas?.Remove(id) == true) return true;
        if (patches.All(p => p.Id != id)) return false;
        Change([id], []);
        return true;
    }

    /// <summary>Removes some patches and appends others (which the bank takes over). The fused tensors are updated by
    /// selecting the kept columns and appending the new ones: a few large copies, not one per patch, so changing a
    /// patch or two in a bank of thousands is quick.</summary>
    public void Change(IReadOnlyCollection<Guid> removed, IEnumerable<Patch> added)
    {
        var batch = added.ToList();
        var gone = removed.ToHashSet();
        var ids = patches.Concat(Deltas).Where(p => !gone.Contains(p.Id)).Select(p => p.Id).ToHashSet();
        if (batch.FirstOrDefault(p => !ids.Add(p.Id)) is { } duplicate)
            throw new InvalidOperationException($"Patch {duplicate.Id} is already applied.");
        var weightChanges = batch.Where(p => p.Kind == PatchKind.WeightDelta).ToList();
        if (weightChanges.Count > 0 && deltas is null) throw new NotSupportedException("This layer takes no weight deltas.");
        foreach (var id in gone) deltas?.Remove(id);
        if (weightChanges.Count > 0) deltas!.AddRange(weightChanges.Select(p => p.To(Device)));
        var kept = Enumerable.Range(0, patches.Count).Where(i => !gone.Contains(patches[i].Id)).Select(i => (long)i).ToArray();
        var moved = batch.Where(p => p.Kind == PatchKind.Neuron).Select(p => p.To(Device)).ToList();
        foreach (var patch in patches.Where(p => gone.Contains(p.Id))) patch.Dispose();
        patches.RemoveAll(p => gone.Contains(p.Id));
        patches.AddRange(moved);
        if (patches.Count == 0 || keys is null || kept.Length == 0) { Rebuild(); return; }
        using var scope = NewDisposeScope();
        var index = tensor(kept, device: Device);
        var (newKeys, newBiases, newValues) = kept.Length == keys.shape[1] ? (keys.alias(), biases!.alias(), values!.alias())
            : (keys.index_select(1, index), biases!.index_select(0, index), values!.index_select(0, index));
        if (moved.Count > 0)
        {
            newKeys = cat([newKeys, stack(moved.Select(p => p.Key).ToArray(), dim: 1)], 1);
            newBiases = cat([newBiases, stack(moved.Select(p => p.Bias).ToArray())], 0);
            newValues = cat([newValues, stack(moved.Select(p => p.Value).ToArray())], 0);
        }
        keys.Dispose(); biases.Dispose(); values.Dispose();
        (keys, biases, values) = (newKeys.DetachFromDisposeScope(), newBiases.DetachFromDisposeScope(), newValues.DetachFromDisposeScope());
    }

    public void Clear()
    {
        foreach (var patch in patches) patch.Dispose();
        patches.Clear();
        deltas?.Clear();
        Rebuild();
    }

    /// <summary>output + Σ_i act(max(q·k_i + b_i, 0))·v_i for queries q (..., d) and the layer's output (..., d). A patch
    /// is exactly silent below 0, and on most inputs every patch is, so only the values of patches that fire are read:
    /// at batch 1 reading the value matrix costs as much as the key product.</summary>
    public Tensor AddTo(Tensor q, Tensor output)
    {
        if (keys is null) return output.alias();
        using var scope = NewDisposeScope();
        var flat = q.reshape(-1, q.shape[^1]);                                             // (N, d)
        var preActivation = addmm(biases!, flat, keys, 1, 1);                               // (N, n)
        if (preActivation.max().item<float>() <= 0) return output.alias().MoveToOuterDisposeScope();
        var firing = preActivation.gt(0).any(0).nonzero().flatten();                        // (f)
        var activation = Activation.ApplyToPatch(preActivation.index_select(1, firing));                   // (N, f)
        return addmm(output.reshape(-1, output.shape[^1]), activation, values!.index_select(0, firing), 1, 1)  // (N, d)
            .view(output.shape).MoveToOuterDisposeScope();
    }

    /// <summary>(N, n): every patch's pre-activation q·k_i + b_i on queries q (N, d), read from the stacked tensors.</summary>
    public Tensor PreActivations(Tensor q) => keys is null ? zeros(new[] { q.shape[0], 0L }, device: q.device) : addmm(biases!, q, keys, 1, 1);

    public void MoveTo(Device device)
    {
        Device = device;
        deltas?.MoveTo(device);
        for (var i = 0; i < patches.Count; i++)
        {
            var moved = patches[i].To(device);
            if (!ReferenceEquals(moved, patches[i])) patches[i].Dispose();
            patches[i] = moved;
        }
        Rebuild();
    }

    private void Rebuild()
    {
        keys?.Dispose(); biases?.Dispose(); values?.Dispose();
        if (patches.Count == 0) { keys = biases = values = null; return; }
        keys = stack(patches.Select(p => p.Key).ToArray(), dim: 1).DetachFromDisposeScope();
        biases = stack(patches.Select(p => p.Bias).ToArray()).DetachFromDisposeScope();
        values = stack(patches.Select(p => p.Value).ToArray()).DetachFromDisposeScope();
    }

    public void Dispose() => Clear();
}
