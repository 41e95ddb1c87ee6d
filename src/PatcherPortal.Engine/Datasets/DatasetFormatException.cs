using System.Text;

namespace PatcherPortal.Engine.Datasets;

/// <summary>Where a dataset row went wrong: <c>Unit</c> is "row" (0-based index in a JSON array) or "line" (1-based, JSONL).</summary>
public sealed record DatasetRowError(string Unit, int Number, string Message)
{
    public override string ToString() => $"{Unit} {Number}: {Message}";
}

/// <summary>
/// A dataset file that cannot be read as a whole, or that has malformed rows. Readers collect every
/// malformed row before throwing so that a user can fix a file in one pass.
/// </summary>
public sealed class DatasetFormatException : Exception
{
    public const int MaxListedErrors = 20;

    public string SourceName { get; }
    public IReadOnlyList<DatasetRowError> Errors { get; }

    public DatasetFormatException(string sourceName, IReadOnlyList<DatasetRowError> errors)
        : base(Describe(sourceName, errors))
    {
        SourceName = sourceName;
        Errors = errors;
    }

    public DatasetFormatException(string sourceName, string problem, Exception? inner = null)
        : base($"{sourceName}: {problem}", inner)
    {
        SourceName = sourceName;
        Errors = [];
    }

    private static string Describe(string sourceName, IReadOnlyList<DatasetRowError> errors)
    {
        var unit = errors.Count > 0 ? errors[0].Unit : "row";
        var text = new StringBuilder($"{sourceName}: {errors.Count} malformed {unit}(s)");
        foreach (var error in errors.Take(MaxListedErrors))
            text.Append("\n  ").Append(error);
        if (errors.Count > MaxListedErrors)
            text.Append($"\n  ... and {errors.Count - MaxListedErrors} more");
        return text.ToString();
    }
}
