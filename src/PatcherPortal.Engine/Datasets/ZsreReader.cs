namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// zsRE as released with MEND: a JSON array of objects with <c>src</c>, <c>answers</c> (the first is the answer),
/// <c>rephrase</c>, <c>alt</c>, <c>loc</c> and <c>loc_ans</c>. Rows have no id, so the id is "zsre-{index}". Exported
/// edits may have no paraphrase or locality input, and several paraphrases (<c>rephrases</c>, beside the first as
/// <c>rephrase</c>); see <see cref="ZsreWriter"/>.
/// </summary>
public static class ZsreReader
{
    public const string Format = "zsre";
    internal const string LocalityPrefix = "nq question: ";

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
            var rephrases = row.Has("rephrases") ? row.OptionalStrings("rephrases") : row.ZeroOrOneString("rephrase");
            var locality = row.OptionalPair("loc", "loc_ans", (input, answer) => new LabelledInput(StripPrefix(input), answer));
            return new EditExample($"zsre-{index}", input, answers.FirstOrDefault() ?? "", rephrases, locality,
                row.OptionalString("alt"));
        });
        return new EditDataset(Path.GetFileNameWithoutExtension(sourceName), EditDataset.QuestionAnswering, examples);
    }

    // MEND prefixes the Natural Questions locality inputs; the model should see only the question.
    private static string StripPrefix(string loc) =>
        loc.StartsWith(LocalityPrefix, StringComparison.Ordinal) ? loc[LocalityPrefix.Length..] : loc;
}
