using PatcherPortal.Engine.Editing.PatchedLayers;
using PatcherPortal.Engine.Models;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing;

/// <summary>
/// An edit seen at the last feed-forward layer: one row per output position the edit decides (the [CLS] row for
/// classification; every answer token under teacher forcing for generation). Everything below the layer is
/// computed once, here.
/// </summary>
public sealed class EditRows(Tensor residual, Tensor query, Tensor targets, int primaryRows) : IDisposable
{
    public Tensor Residual { get; } = residual; // (N, d)
    public Tensor Query { get; } = query;       // (N, d)
    public Tensor Targets { get; } = targets;   // (N)
    /// <summary>The first rows belong to the edit's own input; the rest to its paraphrases.</summary>
    public int PrimaryRows { get; } = primaryRows;
    public long Count => Query.shape[0];
    /// <summary>The whole input sequences, when the patched layer is below the last; null at the last layer.</summary>
    public LayerSequences? Sequences { get; init; }

    /// <summary>The model's logits at these rows (or R copies of them) from the patched layer's output there;
    /// <paramref name="patch"/> (a query's new patch term) also acts at the sequences' other positions, if any.</summary>
    public Tensor Logits(IPatchableModel network, Tensor residual, Tensor feedForwardOutput, Func<Tensor, Tensor>? patch = null) =>
        Sequences?.Logits(feedForwardOutput, patch) ?? network.ForwardFromLastFeedForward(residual, feedForwardOutput);

    public void Dispose()
    {
        Residual.Dispose();
        Query.Dispose();
        Targets.Dispose();
        Sequences?.Dispose();
    }
}
