using PatcherPortal.Engine.Models;
using PatcherPortal.Engine.Patching;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.PatchedLayers;

/// <summary>A model seen as split at a feed-forward layer below the last: its patches go to that layer.</summary>
internal sealed class LowerLayerNetwork(ILayeredPatchableModel network, int layer) : IPatchableModel
{
    public PatchableFeedForward LastFeedForward => network.FeedForwardAt(layer);

    public (Tensor Residual, Tensor Query) ForwardToLastFeedForward(Tensor inputIds, Tensor attentionMask) =>
        network.ForwardToFeedForward(layer, inputIds, attentionMask);

    public Tensor ForwardFromLastFeedForward(Tensor residual, Tensor feedForwardOutput) =>
        throw new InvalidOperationException($"Layer {layer} is not the last: the layers above it read whole sequences (see {nameof(LayerSequences)}).");
}
