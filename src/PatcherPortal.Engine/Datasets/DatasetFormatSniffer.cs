using System.Text.Json;

namespace PatcherPortal.Engine.Datasets;

/// <summary>Tells a dataset's format from the field names of its first record.</summary>
internal static class DatasetFormatSniffer
{
    public static string Detect(ReadOnlySpan<byte> content, string sourceName)
    {
        var (isArray, fields) = FirstRecordFields(content, sourceName);
        if (isArray && fields.Contains("src") && fields.Contains("answers"))
            return ZsreReader.Format;
        if (isArray && fields.Contains("case_id") && fields.Contains("ground_truth"))
            return CounterFactReader.Format;
        if (!isArray && fields.Contains("input") && fields.Contains("target"))
            return EditJsonlReader.Format;
        if (!isArray && fields.Contains("input") && fields.Contains("output"))
            return FeverKiltReader.Format;
        var shape = isArray ? "a JSON array whose first record" : "JSON lines whose first record";
        throw new DatasetFormatException(sourceName,
            $"cannot tell the dataset format: {shape} has fields [{string.Join(", ", fields)}]; expected zsRE " +
            "(array with src, answers, rephrase, loc, loc_ans), CounterFact (array with case_id, prompt, ground_truth, " +
            "target_new, ...), FEVER-KILT (JSONL with id, input, output) or exported edits (JSONL with id, task, input, target). " +
            "Name the format explicitly.");
    }

    public static (bool IsArray, List<string> Fields) FirstRecordFields(ReadOnlySpan<byte> content, string sourceName)
    {
        if (content.StartsWith("\uFEFF"u8)) content = content[3..];
        var reader = new Utf8JsonReader(content, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read())
                throw new DatasetFormatException(sourceName, "is empty");
            var isArray = reader.TokenType == JsonTokenType.StartArray;
            if (isArray && !reader.Read())
                throw new DatasetFormatException(sourceName, "ends inside its first record");
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new DatasetFormatException(sourceName, "cannot tell the dataset format: the first record is not a JSON object");

            var fields = new List<string>();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                fields.Add(reader.GetString()!);
                reader.Read();
                reader.Skip();
            }
            return (isArray, fields);
        }
        catch (JsonException e)
        {
            throw new DatasetFormatException(sourceName, $"cannot tell the dataset format: invalid JSON in the first record: {e.Message}", e);
        }
    }
}
