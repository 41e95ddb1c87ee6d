using System.Globalization;

namespace PatcherPortal.Engine.Datasets;

/// <summary>Writes edits as JSON lines that <see cref="EditJsonlReader"/> reads back: one edit per line, with its
/// paraphrases, the wrong output it corrected, its author, time and status.</summary>
public static class EditJsonlWriter
{
    public static void Write(Stream stream, EditDataset dataset)
    {
        foreach (var edit in dataset.Examples)
        {
            using (var json = DatasetJson.Writer(stream, indented: false))
            {
                json.WriteStartObject();
                json.WriteString("id", edit.Id);
                json.WriteString("task", dataset.Task);
                json.WriteString("input", edit.Input);
                json.WriteString("target", edit.Target);
                json.WriteStrings("paraphrases", edit.Paraphrases);
                json.WriteIfPresent("wrong_output", edit.AlternativeAnswer);
                json.WriteIfPresent("author", edit.Provenance?.Author);
                json.WriteIfPresent("time", edit.Provenance?.Time?.ToString("O", CultureInfo.InvariantCulture));
                json.WriteIfPresent("status", edit.Provenance?.Status);
                json.WriteEndObject();
            }
            stream.WriteByte((byte)'\n');
        }
    }
}
