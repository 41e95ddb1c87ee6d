namespace PatcherPortal.Engine.Training;

public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 3;
    public int BatchSize { get; init; } = 32;
    public double LearningRate { get; init; } = 5e-5;
    public double WeightDecay { get; init; } = 0.01;
    public double WarmupFraction { get; init; } = 0.06;
    public double LabelSmoothing { get; init; }
    public int Seed { get; init; }
    /// <summary>Where to keep a restart point (weights + step); training resumes from it when present.</summary>
    public string? CheckpointDirectory { get; init; }
    public int CheckpointEverySteps { get; init; } = 200;
    /// <summary>Parameters whose names start with one of these stay frozen (no gradient is computed below them).</summary>
    public IReadOnlyList<string> FrozenPrefixes { get; init; } = [];
    /// <summary>Most memory the outputs of the frozen bottom stages may take when computed once for the whole training
    /// set (see <see cref="FrozenStageCache"/>); beyond it, or at 0, every step runs those stages again.</summary>
    public long FrozenStageCacheBytes { get; init; } = 2L << 30;
}

public sealed record TrainingProgress(int Step, int TotalSteps, int Epoch, double Loss, TimeSpan Elapsed, int ResumedFromStep = 0)
{
    public TimeSpan? Remaining => Step <= ResumedFromStep ? null
        : TimeSpan.FromSeconds(Elapsed.TotalSeconds / (Step - ResumedFromStep) * (TotalSteps - Step));
}

/// <param name="CachedStages">Bottom stages (embeddings, blocks) computed once for the whole training set rather than at every step.</param>
public sealed record TrainingReport(int Steps, int ResumedFromStep, double FirstLoss, double LastLoss, TimeSpan Duration, int CachedStages = 0);
