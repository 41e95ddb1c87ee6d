namespace PatcherPortal.Engine.Datasets;

/// <summary>A figure or aid a model's data cannot provide, and why.</summary>
public sealed record MissingFigure(string Name, string Reason)
{
    public const string TrainRetain = "TrainR";
    public const string TestRetain = "TestR";
    public const string ParaphraseShifts = "Paraphrase shifts";
    public const string Replay = "Consolidation replay";

    public override string ToString() => $"{Name}: {Reason}";
}
