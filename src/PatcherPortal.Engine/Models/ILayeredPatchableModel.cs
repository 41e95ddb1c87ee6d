using PatcherPortal.Engine.Patching;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Models;

/// <summary>
/// A transformer that can also be split at a feed-forward layer below its last (the paper's figure 6). The layers
/// above such a layer mix positions, so the rest of the model runs on whole sequences, not on rows.
/// </summary>
public interface ILayeredPatchableModel : IPatchableModel
{
    int LayerCount { get; }

    PatchableFeedForward FeedForwardAt(int layer);

    /// <summary>The residual stream and the FFN input q of <paramref name="layer"/>, both (B, T, d).</summary>
    (Tensor Residual, Tensor Query) ForwardToFeedForward(int layer, Tensor inputIds, Tensor attentionMask);

    /// <summary>From <paramref name="layer"/>'s FFN output (B, T, d) through every layer above: logits (N, outputs) at
    /// the flat rows (N) of (B * T).</summary>
    Tensor RowLogitsFromFeedForward(int layer, Tensor residual, Tensor feedForwardOutput, Tensor attentionMask, Tensor rows);
}
