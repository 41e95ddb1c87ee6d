namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// FEVER in KILT's JSONL form: one object per line with <c>id</c>, <c>input</c> (the claim) and <c>output</c>,
/// whose first item's <c>answer</c> is the label, plus optional <c>rephrases</c> (paraphrased claims).
/// Bad rows are reported by 1-based line number.
/// </summary>
public static class FeverKiltReader
{
    public const string Format = "fever-kilt";
    public const string Supports = "SUPPORTS";
    public const string Refutes = "REFUTES";

    public static EditDataset Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static EditDataset Read(Stream stream, string sourceName)
    {
        var examples = DatasetRows.FromJsonLines(stream, sourceName, (row, _) =>
        {
            var id = row.RequiredId("id");
            var claim = row.RequiredString("input");
            var label = row.RequiredFirstItemString("output", "answer");
            if (label.Length > 0)
                row.Check(label is Supports or Refutes, $"label 'output[0].answer' must be {Supports} or {Refutes}, found '{label}'");
            return new EditExample(id, claim, label, row.OptionalStrings("rephrases"), []);
        });
        return new EditDataset(Path.GetFileNameWithoutExtension(sourceName), EditDataset.FactChecking, examples);
    }
}
