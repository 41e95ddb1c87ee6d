namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// One fact to edit and evaluate. <see cref="Input"/> is a question (QA) or a claim (fact checking);
/// <see cref="Answer"/> is the answer text or the label name ("SUPPORTS"/"REFUTES").
/// </summary>
public sealed record EditExample(
    string Id,
    string Input,
    string Answer,
    IReadOnlyList<string> Rephrases,
    IReadOnlyList<LocalityProbe> Locality,
    string? AlternativeAnswer = null);

/// <summary>An unrelated input whose answer an edit must leave unchanged.</summary>
public sealed record LocalityProbe(string Input, string Answer);
