
namespace PatcherPortal.Web.Review;

/// <summary>One imported row: the input, optionally the model's output (asked at import when absent) and a reference answer.</summary>
public sealed record ImportRow(int Line, string Model, string Input, string? Output, string? Reference);

public sealed record ImportParse(IReadOnlyList<ImportRow> Rows, IReadOnlyList<string> Errors);
