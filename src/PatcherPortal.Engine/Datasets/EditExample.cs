namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// One fact to edit and evaluate. <see cref="Input"/> is a question (QA) or a claim (fact checking);
/// <see cref="Answer"/> is the answer text or the label name ("SUPPORTS"/"REFUTES"). <see cref="Subject"/> and
/// <see cref="Relation"/> name the fact where the dataset knows them (the default data): the benchmark's neighbours.
/// </summary>
public sealed record EditExample(
    string Id,
    string Input,
    string Answer,
    IReadOnlyList<string> Rephrases,
    IReadOnlyList<LocalityProbe> Locality,
    string? AlternativeAnswer = null,
    string? Subject = null,
    string? Relation = null);

/// <summary>An unrelated input whose answer an edit must leave unchanged.</summary>
public sealed record LocalityProbe(string Input, string Answer);
