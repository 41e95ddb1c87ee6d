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
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                collector.Fail(lineNumber, $"invalid JSON: {e.Message}");
                continue;
            }
            using (document)
                collector.Add(new JsonRow(document.RootElement), lineNumber, map);
        }
        return collector.Finish();
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
