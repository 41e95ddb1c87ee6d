namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// One fact to edit and evaluate. <see cref="Input"/> is a question (QA) or a claim (fact checking);
/// <see cref="Target"/> is the answer text or the label name ("SUPPORTS"/"REFUTES"). <see cref="AlternativeAnswer"/> is
/// the other answer a dataset names (zsRE's alt, CounterFact's target_new), or the wrong output a portal edit corrected.
/// <see cref="Subject"/> and <see cref="Relation"/> name the fact where the dataset knows them (the default data): the
/// benchmark's neighbours.
/// </summary>
public sealed record EditExample(
    string Id,
    string Input,
    string Target,
    IReadOnlyList<string> Paraphrases,
    IReadOnlyList<LabelledInput> Locality,
    string? AlternativeAnswer = null,
    EditProvenance? Provenance = null,
    string? Subject = null,
    string? Relation = null);

/// <summary>Who made an edit, when, and what became of it: portal edits carry these, the field's datasets do not.</summary>
public sealed record EditProvenance(string? Author, DateTimeOffset? Time, string? Status);
