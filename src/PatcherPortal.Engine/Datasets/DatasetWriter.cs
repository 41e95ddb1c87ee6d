using PatcherPortal.Engine.Checkpoints;

namespace PatcherPortal.Engine.Datasets;

/// <summary>Writes edits in any format <see cref="DatasetReader"/> reads back to the same edits: <c>edits</c> (JSON lines
/// with author, time and status), <c>zsre</c> or <c>counterfact</c> (question answering only).</summary>
public static class DatasetWriter
{
    public static IReadOnlyList<string> Formats { get; } = [EditJsonlReader.Format, ZsreReader.Format, CounterFactReader.Format];

    public static void Write(Stream stream, EditDataset dataset, string format)
    {
        switch (format.Trim().ToLowerInvariant())
        {
            case EditJsonlReader.Format: EditJsonlWriter.Write(stream, dataset); break;
            case ZsreReader.Format: ZsreWriter.Write(stream, dataset); break;
            case CounterFactReader.Format: CounterFactWriter.Write(stream, dataset); break;
            default: throw new ArgumentException($"Cannot write edits as '{format}'; expected one of: {string.Join(", ", Formats)}.", nameof(format));
        }
    }

    /// <summary>Writes the file whole or not at all (<see cref="AtomicFile"/>).</summary>
    public static void Write(string path, EditDataset dataset, string format) =>
        AtomicFile.Write(path, temporary =>
        {
            using var stream = File.Create(temporary);
            Write(stream, dataset, format);
        });

    /// <summary>The usual file name ending for a format: .jsonl for edits, .json for the others.</summary>
    public static string Extension(string format) => format.Trim().ToLowerInvariant() == EditJsonlReader.Format ? ".jsonl" : ".json";
}
