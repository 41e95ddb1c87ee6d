namespace PatcherPortal.Engine.Datasets;

/// <summary>A named list of edit examples for one task: "qa" (question answering) or "fc" (fact checking).</summary>
public sealed record EditDataset(string Name, string Task, IReadOnlyList<EditExample> Examples)
{
    public const string QuestionAnswering = "qa";
    public const string FactChecking = "fc";
}
