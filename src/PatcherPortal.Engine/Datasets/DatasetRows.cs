using System.Text;
using System.Text.Json;

namespace PatcherPortal.Engine.Datasets;

/// <summary>Turns a JSON array file or a JSONL file into examples, collecting every malformed row.</summary>
internal static class DatasetRows
{
    public delegate EditExample Mapper(JsonRow row, int index);

    public static List<EditExample> FromJsonArray(Stream stream, string sourceName, Mapper map)
    {
        using var document = Parse(stream, sourceName);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
            throw new DatasetFormatException(sourceName, $"expected a JSON array of objects, found a JSON {root.ValueKind.ToString().ToLowerInvariant()}");

        var collector = new Collector(sourceName, "row");
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            collector.Add(new JsonRow(element), index, map);
            index++;
        }
        return collector.Finish();
    }

    public static List<EditExample> FromJsonLines(Stream stream, string sourceName, Mapper map)
    {
        var collector = new Collector(sourceName, "line");
        foreach (var (lineNumber, row, error) in JsonLines(stream))
            if (row is null) collector.Fail(lineNumber, error!);
            else collector.Add(row, lineNumber, map);
        return collector.Finish();
    }

    /// <summary>Each non-blank line (1-based number) as a row, or why it is not JSON; a row is valid until the next one is read.</summary>
    public static IEnumerable<(int Line, JsonRow? Row, string? Error)> JsonLines(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var (document, error) = ParseLine(line);
            if (document is null)
            {
                yield return (lineNumber, null, error);
                continue;
            }
            using (document)
                yield return (lineNumber, new JsonRow(document.RootElement), null);
        }
    }

    private static (JsonDocument?, string?) ParseLine(string line)
    {
        try
        {
            return (JsonDocument.Parse(line), null);
        }
        catch (JsonException e)
        {
            return (null, $"invalid JSON: {e.Message}");
        }
    }

    private static JsonDocument Parse(Stream stream, string sourceName)
    {
        try
        {
            return JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new DatasetFormatException(sourceName, $"invalid JSON: {e.Message}", e);
        }
    }

    private sealed class Collector(string sourceName, string unit)
    {
        private readonly List<EditExample> examples = [];
        private readonly List<DatasetRowError> errors = [];
        private readonly Dictionary<string, int> firstSeen = new(StringComparer.Ordinal);

        public void Add(JsonRow row, int number, Mapper map)
        {
            var example = map(row, number);
            if (row.Problems.Count > 0)
                Fail(number, string.Join("; ", row.Problems));
            else if (!firstSeen.TryAdd(example.Id, number))
                Fail(number, $"duplicate id '{example.Id}' (first at {unit} {firstSeen[example.Id]})");
            else
                examples.Add(example);
        }

        public void Fail(int number, string message) => errors.Add(new DatasetRowError(unit, number, message));

        public List<EditExample> Finish()
        {
            if (errors.Count > 0) throw new DatasetFormatException(sourceName, errors);
            if (examples.Count == 0) throw new DatasetFormatException(sourceName, "contains no rows");
            return examples;
        }
    }
}
