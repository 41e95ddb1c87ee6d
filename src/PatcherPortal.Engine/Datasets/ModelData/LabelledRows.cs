namespace PatcherPortal.Engine.Datasets;

/// <summary>Checks a file's rows against each other and splits them into trained-on and held-out examples.</summary>
internal static class LabelledRows
{
    public const string Train = "train";
    public const string Test = "test";

    public static ModelExamples ToExamples(IEnumerable<(LabelledRow? Row, DatasetRowError? Error)> parsed, string sourceName)
    {
        var (trained, heldOut, errors) = (new List<EditExample>(), new List<EditExample>(), new List<DatasetRowError>());
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var targets = new Dictionary<string, LabelledRow>(StringComparer.Ordinal);
        foreach (var (row, error) in parsed)
        {
            if (row is null) { errors.Add(error!); continue; }
            var id = row.Id ?? $"line-{row.Line}";
            var split = row.Split?.Trim().ToLowerInvariant() ?? Train;
            var problem = split is not (Train or Test) ? $"'split' must be {Train} or {Test}, found '{row.Split}'"
                : !ids.TryAdd(id, row.Line) ? $"duplicate id '{id}' (first at line {ids[id]})"
                : Conflict(row, targets);
            if (problem is not null) { errors.Add(new DatasetRowError("line", row.Line, problem)); continue; }
            (split == Test ? heldOut : trained).Add(new EditExample(id, row.Input, row.Target, row.Paraphrases, []));
        }
        if (errors.Count > 0) throw new DatasetFormatException(sourceName, errors);
        if (trained.Count + heldOut.Count == 0) throw new DatasetFormatException(sourceName, "contains no rows");
        return new ModelExamples(trained, heldOut);
    }

    /// <summary>An input (or paraphrase) given elsewhere in the file with another target leaves the wanted output unclear.</summary>
    private static string? Conflict(LabelledRow row, Dictionary<string, LabelledRow> targets)
    {
        foreach (var input in new[] { row.Input }.Concat(row.Paraphrases).Select(InputText.Spaced))
        {
            if (!targets.TryGetValue(input, out var other)) targets[input] = row;
            else if (!string.Equals(other.Target.Trim(), row.Target.Trim(), StringComparison.OrdinalIgnoreCase))
                return $"the input '{row.Input}' (or a paraphrase) is given on line {other.Line} with the target '{other.Target}', here '{row.Target}'";
        }
        return null;
    }
}
