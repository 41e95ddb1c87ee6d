using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Training;

namespace PatcherPortal.Engine.Tests.Editing;

/// <summary>The engine's tiny trained models, wrapped as the editor sees them: 40 capitals known, the rest not.</summary>
public static class TinyEditables
{
    private static readonly IReadOnlyList<FactRecord> Facts = TinyBaseModels.Facts();
    public static IReadOnlyList<FactRecord> Known => Facts.Take(40).ToList();
    public static IReadOnlyList<FactRecord> Unknown => Facts.Skip(40).ToList();

    public static IReadOnlyList<LabelledInput> Questions(IEnumerable<FactRecord> facts) => TinyBaseModels.Questions(facts);
    public static IReadOnlyList<LabelledInput> Claims(IEnumerable<FactRecord> facts) => TinyBaseModels.Claims(facts);

    public static EditableGenerator Generator() => new(TinyBaseModels.QuestionAnswerer(Questions(Known)));
    public static EditableClassifier Classifier() => new(TinyBaseModels.FactChecker(Claims(Known)));
}
