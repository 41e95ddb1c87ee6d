using PatcherPortal.Engine.Datasets;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Models;

namespace PatcherPortal.Web.Hosting;

/// <summary>A model the portal builds itself from the engine's default data (<see cref="TaskData.Default"/>) and then
/// registers like any other.</summary>
/// <param name="Task">The engine's task code of its data set.</param>
public sealed record BuiltInModel(string Name, string DisplayName, string Description, ModelKind Kind, string InputLabel, string Task)
{
    /// <summary>The row it is registered with (its directory and labels are filled in by the registration).</summary>
    public RegisteredModel Define() => new()
    {
        Name = Name, DisplayName = DisplayName, Description = Description, Kind = Kind, InputLabel = InputLabel,
        BaseDirectory = "", Source = "built in", CreatedBy = "system",
    };
}

/// <summary>The default profile's two models, named after their tasks so URLs and API calls using <c>qa</c> and <c>fc</c> keep working.</summary>
public static class BuiltInModels
{
    public static readonly IReadOnlyList<BuiltInModel> All =
    [
        new("qa", "Question answering", "Answers factual questions; wrong answers are patched one neuron at a time.",
            ModelKind.Generation, "Question", EditDataset.QuestionAnswering),
        new("fc", "Fact checking", "Labels claims as supported or refuted; wrong verdicts are patched in place.",
            ModelKind.Classification, "Claim", EditDataset.FactChecking),
    ];

    public static BuiltInModel? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>The default data's memory and retain examples for a built-in model; none for any other.</summary>
    public static EvaluationData Evaluation(RegisteredModel model, PortalOptions options) =>
        Find(model.Name) is { } builtIn ? EvaluationData.For(builtIn.Task, options.ModelProfile, options.Evaluation) : EvaluationData.None;
}
