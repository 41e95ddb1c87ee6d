using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Training;

namespace PatcherPortal.Engine.Consolidation;

/// <summary>
/// How a consolidation fine-tunes the base and when it may replace the patched model. Locality is protected by
/// replay: each epoch mixes the edits with examples of the base's own training data, so no teacher model or cached
/// logits are needed (a KL term to the patched model would cost a second forward pass per step, or rows × vocabulary
/// floats of cached outputs for generation).
/// </summary>
public sealed record ConsolidationOptions
{
    public TrainingOptions Training { get; init; } = new() { Epochs = 4, BatchSize = 32, LearningRate = 1e-4, WeightDecay = 0, WarmupFraction = 0.05 };
    /// <summary>Only the last this many blocks (and the final norm and head) are fine-tuned; 0 trains every weight.</summary>
    public int TrainedBlocks { get; init; }
    /// <summary>Epochs are added until training runs at least this many steps (a handful of edits is one batch).</summary>
    public int MinSteps { get; init; } = 60;
    /// <summary>Copies of each edit input (and its paraphrases) per epoch.</summary>
    public int EditRepeats { get; init; } = 4;
    /// <summary>Replayed training examples per edit row of an epoch (0: no replay, the edits alone).</summary>
    public double ReplayRatio { get; init; } = 4;
    /// <summary>At least this many replayed examples (all of them when there are fewer): a few edits must not leave
    /// the base replaying a handful of facts over many epochs and forgetting the rest.</summary>
    public int MinReplay { get; init; } = 1000;
    public ConsolidationTolerances Tolerances { get; init; } = new();
    /// <summary>Used to re-train the patches of edits the new base does not answer.</summary>
    public PatcherOptions Patcher { get; init; } = new();
}

/// <summary>How far below the patched model's figure the candidate's may fall (0: not at all).</summary>
public sealed record ConsolidationTolerances
{
    public double EditSuccess { get; init; } = 0.05;
    public double Generalization { get; init; } = 0.10;
    public double TrainRetain { get; init; } = 0.01;
    public double TestRetain { get; init; } = 0.01;
}
