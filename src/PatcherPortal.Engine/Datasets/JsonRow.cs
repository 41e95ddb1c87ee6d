using System.Globalization;
using System.Text.Json;

namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// Reads the fields of one dataset row and records every problem instead of stopping at the first,
/// so a reader can report all that is wrong with a row at once. Accessors return empty values on error.
/// </summary>
internal sealed class JsonRow
{
    private readonly JsonElement element;
    private readonly List<string> problems = [];

    public JsonRow(JsonElement element)
    {
        this.element = element;
        if (element.ValueKind != JsonValueKind.Object)
            problems.Add($"expected a JSON object, found {Describe(element)}");
    }

    public IReadOnlyList<string> Problems => problems;

    public string RequiredString(string name) =>
        Field(name, required: true) is { } value ? AsString(name, value, required: true) : "";

    /// <summary>Missing, null or blank means absent.</summary>
    public string? OptionalString(string name)
    {
        if (Field(name, required: false) is not { } value) return null;
        var text = AsString(name, value, required: false);
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    public bool Has(string name) => Field(name, required: false) is not null;

    /// <summary>Absent or null: none; present: one non-blank string.</summary>
    public IReadOnlyList<string> ZeroOrOneString(string name) => Has(name) ? [RequiredString(name)] : [];

    /// <summary>Two fields that come together or not at all (an input and its answer): one without the other is a problem.</summary>
    public IReadOnlyList<T> OptionalPair<T>(string first, string second, Func<string, string, T> make) =>
        Has(first) || Has(second) ? [make(RequiredString(first), RequiredString(second))] : [];

    /// <summary>An ISO 8601 date and time, or null when absent.</summary>
    public DateTimeOffset? OptionalTime(string name)
    {
        if (OptionalString(name) is not { } text) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)) return time;
        Problem($"'{name}' must be an ISO 8601 date and time, found '{text}'");
        return null;
    }

    /// <summary>Identifiers may be strings or integers (CounterFact's case_id is a number).</summary>
    public string RequiredId(string name)
    {
        if (Field(name, required: true) is not { } value) return "";
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)) return number.ToString(CultureInfo.InvariantCulture);
        return value.ValueKind == JsonValueKind.String ? AsString(name, value, required: true) : Wrong(name, "a string or an integer", value);
    }

    public string? OptionalId(string name) =>
        Field(name, required: false) is null ? null : RequiredId(name);

    /// <summary>A field outside <paramref name="known"/> is a problem (a misspelt optional field would be lost).</summary>
    public void RefuseFieldsOtherThan(IReadOnlyCollection<string> known)
    {
        if (element.ValueKind != JsonValueKind.Object) return;
        foreach (var field in element.EnumerateObject().Where(p => !known.Contains(p.Name)))
            problems.Add($"unknown field '{field.Name}' (expected: {string.Join(", ", known)})");
    }

    public IReadOnlyList<string> RequiredStrings(string name) =>
        Field(name, required: true) is { } value ? AsStrings(name, value, required: true) : [];

    public IReadOnlyList<string> OptionalStrings(string name) =>
        Field(name, required: false) is { } value ? AsStrings(name, value, required: false) : [];

    /// <summary>Reads <c>name[0].property</c> as a required string, e.g. KILT's <c>output[0].answer</c>.</summary>
    public string RequiredFirstItemString(string name, string property)
    {
        if (Field(name, required: true) is not { } value) return "";
        if (value.ValueKind != JsonValueKind.Array) return Wrong(name, "an array", value);
        if (value.GetArrayLength() == 0) return Problem($"'{name}' is empty");
        var first = value[0];
        if (first.ValueKind != JsonValueKind.Object) return Wrong($"{name}[0]", "an object", first);
        if (!first.TryGetProperty(property, out var inner) || inner.ValueKind == JsonValueKind.Null)
            return Problem($"missing required field '{name}[0].{property}'");
        return AsString($"{name}[0].{property}", inner, required: true);
    }

    public void Check(bool condition, string problem)
    {
        if (!condition) problems.Add(problem);
    }

    private JsonElement? Field(string name, bool required)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            && value.ValueKind != JsonValueKind.Null)
            return value;
        if (required && element.ValueKind == JsonValueKind.Object)
            problems.Add($"missing required field '{name}'");
        return null;
    }

    private string AsString(string name, JsonElement value, bool required)
    {
        if (value.ValueKind != JsonValueKind.String) return Wrong(name, "a string", value);
        var text = value.GetString()!;
        return required && string.IsNullOrWhiteSpace(text) ? Problem($"'{name}' is empty") : text;
    }

    private IReadOnlyList<string> AsStrings(string name, JsonElement value, bool required)
    {
        if (value.ValueKind != JsonValueKind.Array) { Wrong(name, "an array of strings", value); return []; }
        if (required && value.GetArrayLength() == 0) { Problem($"'{name}' is empty"); return []; }
        var items = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
            items.Add(AsString($"{name}[{index++}]", item, required: true));
        return items;
    }

    private string Wrong(string name, string expected, JsonElement actual) =>
        Problem($"'{name}' must be {expected}, found {Describe(actual)}");

    private string Problem(string problem)
    {
        problems.Add(problem);
        return "";
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
