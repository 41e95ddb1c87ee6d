using System.Text.Json;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Validation;

namespace PatcherPortal.Web.Review.Traffic;

/// <summary>Reads an ingest batch (<see cref="IngestRequest"/>) and checks every row, so a bad batch is refused with all its
/// wrong rows at once. Text is checked as everywhere else (<see cref="UserText"/>), inputs against what the model reads.</summary>
public static class IngestBatchReader
{
    public const int MaxRows = 1000;
    public const long MaxBytes = 4 * 1024 * 1024;
    public const int MaxIdLength = 200;
    public const int MaxMetadataLength = 4000;

    public static (List<IngestRow> Rows, List<IngestRowError> Errors) Read(JsonElement body, TaskModel model)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("rows", out var array) || array.ValueKind != JsonValueKind.Array)
            throw new ArgumentException("Send a JSON object whose \"rows\" is an array of {id, input, output, confidence?, metadata?}.");
        var count = array.GetArrayLength();
        if (count == 0) throw new ArgumentException("The batch holds no rows.");
        if (count > MaxRows) throw new BatchTooLargeException($"The batch holds {count:N0} rows; send at most {MaxRows:N0} at a time.");
        var (rows, errors, seen) = (new List<IngestRow>(), new List<IngestRowError>(), new Dictionary<string, int>());
        var number = 0;
        foreach (var element in array.EnumerateArray())
        {
            number++;
            var id = element.ValueKind == JsonValueKind.Object ? Text(element, "id") : null;
            var problem = Problem(element, model, out var row, number);
            if (problem is null && seen.TryGetValue(row!.ClientId, out var first)) problem = $"The id '{row.ClientId}' is also row {first}'s.";
            if (problem is not null) { errors.Add(new IngestRowError(number, id, problem)); continue; }
            seen[row!.ClientId] = number;
            rows.Add(row);
        }
        return (rows, errors);
    }

    private static string? Problem(JsonElement element, TaskModel model, out IngestRow? row, int number)
    {
        row = null;
        if (element.ValueKind != JsonValueKind.Object) return "The row is not a JSON object.";
        var id = Text(element, "id")?.Trim();
        if (string.IsNullOrEmpty(id)) return "\"id\" is missing or empty: give each row the id your system knows it by.";
        if (id.Length > MaxIdLength) return $"The id is {id.Length} characters long; the limit is {MaxIdLength}.";
        if (new[] { "input", "output" }.FirstOrDefault(f => element.TryGetProperty(f, out var v) && v.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)) is { } field)
            return $"\"{field}\" is not a string.";
        var input = Text(element, "input");
        var output = Text(element, "output");
        if ((UserText.Problem(id, "the id") ?? UserText.Problem(input, "the input") ?? UserText.Problem(output, "the output")) is { } text) return text;
        (input, output) = (input!.Trim(), output!.Trim());
        if (model.IsReady && model.InputProblem(input, "the input") is { } tooLong) return tooLong;
        if (model.Kind == ModelKind.Classification && model.Labels.Count > 0 && !model.Labels.Contains(output))
            return $"The output '{output}' is not one of the model's labels ({string.Join(", ", model.Labels)}).";
        if (Confidence(element, out var confidence) is { } bad) return bad;
        if (Metadata(element, out var metadata) is { } badMetadata) return badMetadata;
        row = new IngestRow(number, id, input, output, confidence, metadata);
        return null;
    }

    private static string? Confidence(JsonElement element, out double? confidence)
    {
        confidence = null;
        if (!element.TryGetProperty("confidence", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number is < 0 or > 1 || double.IsNaN(number))
            return $"The confidence {value.GetRawText()} is not a number from 0 to 1.";
        confidence = number;
        return null;
    }

    private static string? Metadata(JsonElement element, out string? metadata)
    {
        metadata = null;
        if (!element.TryGetProperty("metadata", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object) return "\"metadata\" is not a JSON object.";
        metadata = value.GetRawText();
        return metadata.Length > MaxMetadataLength ? $"The metadata is {metadata.Length:N0} characters long; the limit is {MaxMetadataLength:N0}." : null;
    }

    /// <summary>A string field (a number is taken as its text, for ids); null when absent or of another type.</summary>
    private static string? Text(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Number && name == "id" ? value.GetRawText() : null;
}

/// <summary>A batch over the size limit (413).</summary>
public sealed class BatchTooLargeException(string message) : Exception(message);
