namespace PatcherPortal.Engine.Datasets;

/// <summary>Reads any supported dataset file, detecting its format from the first record when none is named.</summary>
public static class DatasetReader
{
    public static IReadOnlyList<string> Formats { get; } = [ZsreReader.Format, CounterFactReader.Format, FeverKiltReader.Format, EditJsonlReader.Format];

    public static EditDataset Read(string path, string? format = null)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path, format);
    }

    public static EditDataset Read(Stream stream, string sourceName, string? format = null)
    {
        if (format is null)
        {
            var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            format = DatasetFormatSniffer.Detect(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), sourceName);
            buffer.Position = 0;
            stream = buffer;
        }

        return format.Trim().ToLowerInvariant() switch
        {
            ZsreReader.Format => ZsreReader.Read(stream, sourceName),
            CounterFactReader.Format => CounterFactReader.Read(stream, sourceName),
            FeverKiltReader.Format or "fever" => FeverKiltReader.Read(stream, sourceName),
            EditJsonlReader.Format => EditJsonlReader.Read(stream, sourceName),
            _ => throw new ArgumentException(
                $"Unknown dataset format '{format}' for {sourceName}; expected one of: {string.Join(", ", Formats)}.", nameof(format)),
        };
    }
}
