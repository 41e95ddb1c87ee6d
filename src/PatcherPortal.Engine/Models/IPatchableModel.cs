using PatcherPortal.Engine.Patching;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Models;

/// <summary>
/// A transformer split at its last feed-forward layer, so an editor can cache everything below it once per edit
/// and train a patch by running only the layer and the (position-wise) rest of the model.
/// </summary>
public interface IPatchableModel
{
    PatchableFeedForward LastFeedForward { get; }

    /// <summary>Runs the model up to the last FFN: the residual stream and the FFN input q, both (B, T, d).</summary>
    (Tensor Residual, Tensor Query) ForwardToLastFeedForward(Tensor inputIds, Tensor attentionMask);

    /// <summary>The position-wise rest of the model from the FFN output: (N, d) residual and output -> (N, outputs).</summary>
    Tensor ForwardFromLastFeedForward(Tensor residual, Tensor feedForwardOutput);
}
