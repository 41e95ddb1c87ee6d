using static TorchSharp.torch;

namespace PatcherPortal.Engine.Inference;

/// <summary>Token id sequences padded into (B, T) ids and attention mask (1 = token, 0 = padding).</summary>
public static class TokenBatch
{
    public static (Tensor Ids, Tensor Mask) Pad(IReadOnlyList<IReadOnlyList<int>> sequences, int padId, bool padLeft, Device device)
    {
        if (sequences.Count == 0) throw new ArgumentException("A batch needs at least one sequence.");
        var length = sequences.Max(s => s.Count);
        var ids = new long[sequences.Count * length];
        var mask = new long[sequences.Count * length];
        for (var b = 0; b < sequences.Count; b++)
        {
            var sequence = sequences[b];
            var offset = b * length + (padLeft ? length - sequence.Count : 0);
            for (var t = 0; t < length; t++) ids[b * length + t] = padId;
            for (var t = 0; t < sequence.Count; t++) { ids[offset + t] = sequence[t]; mask[offset + t] = 1; }
        }
        return (tensor(ids, [sequences.Count, length], device: device), tensor(mask, [sequences.Count, length], device: device));
    }
}
