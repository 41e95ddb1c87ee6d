namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// zsRE as released with MEND: a JSON array of objects with <c>src</c>, <c>answers</c> (the first is the answer),
/// <c>rephrase</c>, <c>alt</c>, <c>loc</c> and <c>loc_ans</c>. Rows have no id, so the id is "zsre-{index}".
/// </summary>
public static class ZsreReader
{
    public const string Format = "zsre";
    private const string LocalityPrefix = "nq question: ";

    public static EditDataset Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static EditDataset Read(Stream stream, string sourceName)
    {
        var examples = DatasetRows.FromJsonArray(stream, sourceName, (row, index) =>
        {
            var input = row.RequiredString("src");
            var answers = row.RequiredStrings("answers");
            var rephrase = row.RequiredString("rephrase");
            var locality = new LocalityProbe(StripPrefix(row.RequiredString("loc")), row.RequiredString("loc_ans"));
            return new EditExample($"zsre-{index}", input, answers.FirstOrDefault() ?? "", [rephrase], [locality],
                row.OptionalString("alt"));
        });
        return new EditDataset(Path.GetFileNameWithoutExtension(sourceName), EditDataset.QuestionAnswering, examples);
    }

    // MEND prefixes the Natural Questions locality inputs; the model should see only the question.
    private static string StripPrefix(string loc) =>
        loc.StartsWith(LocalityPrefix, StringComparison.Ordinal) ? loc[LocalityPrefix.Length..] : loc;
}
