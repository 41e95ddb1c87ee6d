using System.Text;

namespace PatcherPortal.Engine.Checkpoints;

/// <summary>
/// Writes a file under a temporary name beside it, flushes it to disk, then renames it over the target: after a crash
/// at any point the target is the old file or the complete new one, never a half-written one. A crash can leave the
/// temporary file behind; <see cref="RemoveLeftovers"/> clears those.
/// </summary>
public static class AtomicFile
{
    public const string TemporarySuffix = ".tmp";

    /// <param name="writeTo">Writes the whole content to the path it is given.</param>
    /// <param name="beforeRename">Called with the complete temporary file just before it replaces the target.</param>
    public static void Write(string path, Action<string> writeTo, Action<string>? beforeRename = null)
    {
        var target = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = $"{target}.{Guid.NewGuid():N}{TemporarySuffix}";
        try
        {
            writeTo(temporary);
            using (var written = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite)) written.Flush(flushToDisk: true);
            beforeRename?.Invoke(temporary);
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, temporary => File.WriteAllText(temporary, text, new UTF8Encoding(false)));

    /// <summary>Deletes temporary files of writes that never finished, if older than <paramref name="age"/> (a younger
    /// one may belong to a write still going on in another process sharing the directory).</summary>
    public static int RemoveLeftovers(string directory, TimeSpan age)
    {
        if (!Directory.Exists(directory)) return 0;
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*" + TemporarySuffix))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) < age) continue;
            File.Delete(file);
            removed++;
        }
        return removed;
    }
}
