namespace PatcherPortal.Engine.Datasets;

/// <summary>One row of a model's examples file, as read, before the file's rows are checked against each other.</summary>
internal sealed record LabelledRow(int Line, string? Id, string Input, string Target, IReadOnlyList<string> Paraphrases, string? Split);
