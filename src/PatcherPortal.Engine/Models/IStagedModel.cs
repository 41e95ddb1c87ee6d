using static TorchSharp.torch;

namespace PatcherPortal.Engine.Models;

/// <summary>
/// A transformer cut between its stages (the embeddings, then each block), so a trainer can compute what frozen
/// stages output once for a whole training set instead of at every step, and run only the stages it trains.
/// </summary>
public interface IStagedModel
{
    /// <summary>Parameter-name prefixes of each stage, bottom-up: the embeddings, then each block.</summary>
    IReadOnlyList<string> StagePrefixes { get; }

    /// <summary>Hidden states (B, T, d) of right-padded inputs after their first <paramref name="stages"/> stages (at least 1).</summary>
    Tensor ForwardStages(Tensor inputIds, Tensor attentionMask, int stages);

    /// <summary>The rest of the model from those hidden states: logits (N, outputs) at the flat rows (N) of (B * T).</summary>
    Tensor RowLogitsFromStage(int stages, Tensor hidden, Tensor attentionMask, Tensor rows);
}
