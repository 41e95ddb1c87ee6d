namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// A model's own labelled examples: <see cref="Trained"/>, like those it was trained on (TrainR, the memory, the
/// consolidation replay), and <see cref="HeldOut"/>, inputs it was not trained on (TestR).
/// </summary>
public sealed record ModelExamples(IReadOnlyList<EditExample> Trained, IReadOnlyList<EditExample> HeldOut)
{
    public static ModelExamples None { get; } = new([], []);

    /// <summary>A dataset split the paper's way: its train split is trained on, its test split held out.</summary>
    public static ModelExamples From(TaskData data) => new(data.Splits.Train, data.Splits.Test);

    public int Count => Trained.Count + HeldOut.Count;
}
