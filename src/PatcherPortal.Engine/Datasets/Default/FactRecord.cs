using System.Text.Encodings.Web;
using System.Text.Json;

namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// One subject–relation fact of the default dataset: a question with its answer and paraphrases (the
/// equivalence set), and fact-checking claims about it, true ("SUPPORTS") and false ("REFUTES").
/// </summary>
public sealed record FactRecord(
    string Id,
    string Subject,
    string Relation,
    string Question,
    string Answer,
    IReadOnlyList<string> Rephrases,
    IReadOnlyList<ClaimRecord> Claims);

public sealed record ClaimRecord(string Text, string Label, IReadOnlyList<string> Rephrases);

/// <summary>The built facts file, with where its data came from.</summary>
public sealed record FactsDocument(string Source, string License, string GeneratedBy, IReadOnlyList<FactRecord> Facts)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NewLine = "\n",
        // Keep place names such as "Bogotá" readable in the file instead of \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";

    public static FactsDocument FromJson(Stream stream) =>
        JsonSerializer.Deserialize<FactsDocument>(stream, JsonOptions)
        ?? throw new JsonException("The facts file holds null.");
}
