using PatcherPortal.Engine.Models;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.PatchedLayers;

/// <summary>
/// The sequences an edit's rows sit in, at a feed-forward layer below the last. The layers above mix positions, so a
/// patch's output at the rows is written into the layer's whole output and carried up through every layer above.
/// </summary>
public sealed class LayerSequences : IDisposable
{
    private readonly ILayeredPatchableModel network;
    private readonly int layer;
    private readonly Tensor residual, query, mask, rows, baseOutput;

    /// <param name="residual">(B, T, d)</param>
    /// <param name="query">(B, T, d)</param>
    /// <param name="rows">The flat rows (N) of (B * T) deciding the edit.</param>
    public LayerSequences(ILayeredPatchableModel network, int layer, Tensor residual, Tensor query, Tensor mask, Tensor rows)
    {
        (this.network, this.layer, this.residual, this.query, this.mask, this.rows) = (network, layer, residual, query, mask, rows);
        using var noGrad = no_grad();
        baseOutput = network.FeedForwardAt(layer).Forward(query).DetachFromDisposeScope(); // the patches already there apply at every position
    }

    /// <summary>Logits at the rows when the layer outputs <paramref name="rowOutputs"/> there: (R·N, d), R copies of
    /// the N rows in order, -> (R·N, outputs). Every other position keeps the layer's current output plus
    /// <paramref name="patch"/> of its query: a patch below the last layer acts on every token, as it will when served.</summary>
    public Tensor Logits(Tensor rowOutputs, Func<Tensor, Tensor>? patch = null)
    {
        using var scope = NewDisposeScope();
        var (b, t, d) = (query.shape[0], query.shape[1], query.shape[2]);
        var copies = rowOutputs.shape[0] / rows.shape[0];
        var flat = (rows.unsqueeze(0) + arange(copies, device: rows.device).unsqueeze(1) * (b * t)).flatten(); // (R·N)
        var everywhere = patch is null ? baseOutput : baseOutput + patch(query);                               // (B, T, d)
        var output = everywhere.repeat(copies, 1, 1).reshape(-1, d).index_copy(0, flat, rowOutputs).reshape(copies * b, t, d);
        return network.RowLogitsFromFeedForward(layer, residual.repeat(copies, 1, 1), output, mask.repeat(copies, 1), flat)
            .MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        foreach (var tensor in new[] { residual, query, mask, rows, baseOutput }) tensor.Dispose();
    }
}
