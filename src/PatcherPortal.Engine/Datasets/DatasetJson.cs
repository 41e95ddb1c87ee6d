using System.Text.Encodings.Web;
using System.Text.Json;

namespace PatcherPortal.Engine.Datasets;

/// <summary>How the writers write JSON: UTF-8 without escaping non-ASCII letters, so exported text stays readable.</summary>
internal static class DatasetJson
{
    public static Utf8JsonWriter Writer(Stream stream, bool indented) => new(stream, new JsonWriterOptions
    {
        Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static void WriteIfPresent(this Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null) json.WriteString(name, value);
    }

    public static void WriteStrings(this Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }

    /// <summary>The field's layouts: a JSON array with one object per edit, question answering only.</summary>
    public static void WriteQuestionAnsweringArray(Stream stream, EditDataset dataset, string layout, Action<Utf8JsonWriter, EditExample> writeFields)
    {
        if (dataset.Task != EditDataset.QuestionAnswering)
            throw new ArgumentException($"The {layout} layout holds question-answering edits; '{dataset.Name}' is a '{dataset.Task}' dataset. " +
                $"Export it as {EditJsonlReader.Format} (JSON lines) instead.", nameof(dataset));
        using var json = Writer(stream, indented: true);
        json.WriteStartArray();
        foreach (var edit in dataset.Examples)
        {
            json.WriteStartObject();
            writeFields(json, edit);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
