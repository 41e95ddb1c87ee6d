using System.Text;

namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// Reads a model's own examples from a file. Its layout (JSONL, one object per line; or CSV with a header row):
/// <c>input</c> and <c>target</c> (required: the input and the output the model must give), <c>paraphrases</c>
/// (optional: other inputs meaning the same; in JSONL an array of strings, in CSV one cell with the paraphrases
/// separated by <c>|</c>), <c>id</c> (optional, unique; "line-N" when absent) and <c>split</c> (optional: <c>train</c>,
/// the default, for inputs the model was trained on; <c>test</c> for held-out inputs, which TestR measures). Other fields
/// are refused. The field's formats (zsRE, CounterFact, FEVER-KILT) and the portal's edit exports are read too, all as
/// trained-on examples. A file
/// with any malformed row is refused whole, every bad row named by its line.
/// </summary>
public static class ModelExamplesReader
{
    public const string Jsonl = "jsonl";
    public const string Csv = "csv";
    public const char ParaphraseSeparator = '|';
    public static IReadOnlyList<string> Fields { get; } = ["input", "target", "paraphrases", "id", "split"];
    public static IReadOnlyList<string> Formats { get; } = [Jsonl, Csv, .. DatasetReader.Formats];

    public static ModelExamples Read(string path, string? format = null)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path, format);
    }

    public static ModelExamples Read(Stream stream, string sourceName, string? format = null)
    {
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        format = (format ?? Detect(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), sourceName)).Trim().ToLowerInvariant();
        return format switch
        {
            Jsonl => LabelledRows.ToExamples(JsonlRows(buffer), sourceName),
            Csv => LabelledRows.ToExamples(CsvRows(buffer, sourceName), sourceName),
            _ => new ModelExamples(DatasetReader.Read(buffer, sourceName, format).Examples, []),
        };
    }

    /// <summary>".csv" or text not starting like JSON is CSV; JSON lines whose first record has a target (and no task,
    /// which marks the portal's edit exports) are this layout; anything else is a format <see cref="DatasetReader"/> reads.</summary>
    private static string Detect(ReadOnlySpan<byte> content, string sourceName)
    {
        if (sourceName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return Csv;
        var text = content.StartsWith("\uFEFF"u8) ? content[3..] : content;
        var start = text.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0) throw new DatasetFormatException(sourceName, "is empty");
        if (text[start] != (byte)'{' && text[start] != (byte)'[') return Csv;
        if (text[start] == (byte)'{' && DatasetFormatSniffer.FirstRecordFields(content, sourceName).Fields is var fields
            && fields.Contains("target") && !fields.Contains("task")) return Jsonl;
        return DatasetFormatSniffer.Detect(content, sourceName);
    }

    private static IEnumerable<(LabelledRow? Row, DatasetRowError? Error)> JsonlRows(Stream stream)
    {
        foreach (var (line, row, error) in DatasetRows.JsonLines(stream))
        {
            if (row is null) { yield return (null, new DatasetRowError("line", line, error!)); continue; }
            row.RefuseFieldsOtherThan(Fields);
            var parsed = new LabelledRow(line, row.OptionalId("id"), row.RequiredString("input"), row.RequiredString("target"),
                row.OptionalStrings("paraphrases"), row.OptionalString("split"));
            yield return row.Problems.Count == 0 ? (parsed, null) : (null, new DatasetRowError("line", line, string.Join("; ", row.Problems)));
        }
    }

    private static IEnumerable<(LabelledRow? Row, DatasetRowError? Error)> CsvRows(Stream stream, string sourceName)
    {
        List<(int Line, List<string> Fields)> records;
        try
        {
            records = CsvReader.Read(new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true)).ToList();
        }
        catch (FormatException error)
        {
            throw new DatasetFormatException(sourceName, error.Message, error);
        }
        if (records.Count == 0) yield break;
        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var unknown = header.Where(h => !Fields.Contains(h)).ToList();
        var missing = new[] { "input", "target" }.Where(h => !header.Contains(h)).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
            throw new DatasetFormatException(sourceName, $"line 1: the header must name the columns input, target and optionally paraphrases, id, split" +
                (missing.Count > 0 ? $"; missing: {string.Join(", ", missing)}" : "") + (unknown.Count > 0 ? $"; unknown: {string.Join(", ", unknown)}" : ""));
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count != header.Count)
            {
                yield return (null, new DatasetRowError("line", line, $"{fields.Count} fields, the header has {header.Count}"));
                continue;
            }
            var cells = header.Zip(fields).ToDictionary(p => p.First, p => string.IsNullOrWhiteSpace(p.Second) ? null : p.Second.Trim());
            var blank = new[] { "input", "target" }.Where(c => cells[c] is null).ToList();
            if (blank.Count > 0)
            {
                yield return (null, new DatasetRowError("line", line, $"'{string.Join("' and '", blank)}' {(blank.Count == 1 ? "is" : "are")} empty"));
                continue;
            }
            var paraphrases = cells.GetValueOrDefault("paraphrases")?.Split(ParaphraseSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
            yield return (new LabelledRow(line, cells.GetValueOrDefault("id"), cells["input"]!, cells["target"]!, paraphrases, cells.GetValueOrDefault("split")), null);
        }
    }
}
