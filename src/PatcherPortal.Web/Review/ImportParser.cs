using System.Text.Json;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Web.Validation;

namespace PatcherPortal.Web.Review;

/// <summary>
/// Reads a batch to review from JSONL (one object per line) or CSV (a header row): field "input" is required;
/// "output", "reference" and "model" (a registered model's name, also read from "task"; else the batch's model) are
/// optional. Every bad row is reported.
/// </summary>
public static class ImportParser
{
    public const int MaxRows = 5000;

    public static ImportParse Parse(string fileName, string content, string defaultModel)
    {
        var rows = new List<ImportRow>();
        var errors = new List<string>();
        try
        {
            var records = fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? Csv(content, errors) : Jsonl(content, errors);
            foreach (var (line, fields) in records) Add(line, fields, defaultModel, rows, errors);
        }
        catch (FormatException error)
        {
            errors.Add(error.Message);
        }
        if (rows.Count == 0 && errors.Count == 0) errors.Add("The file holds no rows.");
        if (rows.Count > MaxRows) errors.Add($"The file holds {rows.Count:N0} rows; import at most {MaxRows:N0} at a time.");
        return new ImportParse(rows, errors);
    }

    private static void Add(int line, Dictionary<string, string?> fields, string defaultModel, List<ImportRow> rows, List<string> errors)
    {
        var input = fields.GetValueOrDefault("input")?.Trim();
        if (string.IsNullOrEmpty(input)) { errors.Add($"line {line}: \"input\" is missing or empty."); return; }
        var problem = UserText.Problem(input, "the input") ?? Optional(fields, "output") ?? Optional(fields, "reference");
        if (problem is not null) { errors.Add($"line {line}: {problem}"); return; }
        var modelName = Blank(fields.GetValueOrDefault("model")) ?? Blank(fields.GetValueOrDefault("task")) ?? defaultModel;
        if (Registry.ModelNames.Problem(modelName) is { } badName) { errors.Add($"line {line}: {badName}"); return; }
        rows.Add(new ImportRow(line, modelName, input, Blank(fields.GetValueOrDefault("output")), Blank(fields.GetValueOrDefault("reference"))));
    }

    private static string? Optional(Dictionary<string, string?> fields, string name) =>
        Blank(fields.GetValueOrDefault(name)) is { } value ? UserText.Problem(value, $"the {name}") : null;

    private static string? Blank(string? value) => UserText.IsBlank(value) ? null : value.Trim();

    private static IEnumerable<(int, Dictionary<string, string?>)> Jsonl(string content, List<string> errors)
    {
        var lines = content.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            Dictionary<string, string?>? fields = null;
            try
            {
                using var document = JsonDocument.Parse(lines[i]);
                if (document.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("expected an object");
                fields = document.RootElement.EnumerateObject().ToDictionary(p => p.Name.ToLowerInvariant(),
                    p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.ToString());
            }
            catch (JsonException error)
            {
                errors.Add($"line {i + 1}: not a JSON object ({error.Message.Split('.')[0]}).");
            }
            if (fields is not null) yield return (i + 1, fields);
        }
    }

    private static IEnumerable<(int, Dictionary<string, string?>)> Csv(string content, List<string> errors)
    {
        var records = CsvReader.Read(new StringReader(content)).ToList();
        if (records.Count == 0) yield break;
        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        if (!header.Contains("input")) { errors.Add("line 1: the header has no \"input\" column."); yield break; }
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count != header.Count) { errors.Add($"line {line}: {fields.Count} fields, the header has {header.Count}."); continue; }
            yield return (line, header.Zip(fields).ToDictionary(p => p.First, p => (string?)p.Second));
        }
    }
}
