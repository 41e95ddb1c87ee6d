using System.Formats.Tar;
using System.IO.Compression;

namespace PatcherPortal.Web.Registry;

/// <summary>
/// Unpacks an uploaded model archive (.zip, .tar.gz or .tgz) into a directory. Entries that would land outside it
/// (absolute paths, "..", links) and archives that unpack to more than the limit are refused whole, naming the entry.
/// A single top-level folder (how most tools pack a directory) is looked through.
/// </summary>
public static class ModelArchive
{
    public static bool IsSupported(string fileName) => Format(fileName) is not null;

    /// <returns>The directory holding config.json: <paramref name="target"/> or its single sub-folder.</returns>
    public static string Extract(Stream archive, string fileName, string target, long maxBytes)
    {
        Directory.CreateDirectory(target);
        try
        {
            if (Format(fileName) == "zip") ExtractZip(archive, target, maxBytes);
            else if (Format(fileName) == "tar.gz") ExtractTar(archive, target, maxBytes);
            else throw new ArgumentException($"'{fileName}' is not a .zip or .tar.gz archive.");
        }
        catch (Exception error) when (error is InvalidDataException or EndOfStreamException or ArgumentOutOfRangeException)
        {
            throw new ArgumentException($"'{fileName}' is not a readable archive: {error.Message}", error);
        }
        return Root(target);
    }

    private static string? Format(string fileName) =>
        fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? "zip"
        : fileName.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) ? "tar.gz"
        : null;

    private static void ExtractZip(Stream archive, string target, long maxBytes)
    {
        using var zip = new ZipArchive(archive, ZipArchiveMode.Read);
        var total = 0L;
        foreach (var entry in zip.Entries)
        {
            var path = Destination(target, entry.FullName);
            if (entry.FullName.EndsWith('/')) { Directory.CreateDirectory(path); continue; }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var input = entry.Open();
            total = Copy(input, path, total, maxBytes, entry.FullName);
        }
    }

    private static void ExtractTar(Stream archive, string target, long maxBytes)
    {
        using var gzip = new GZipStream(archive, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var total = 0L;
        while (tar.GetNextEntry() is { } entry)
        {
            var path = Destination(target, entry.Name);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(path);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    if (entry.DataStream is { } data) total = Copy(data, path, total, maxBytes, entry.Name);
                    else File.WriteAllBytes(path, []);
                    break;
                case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                    throw new ArgumentException($"The archive entry '{entry.Name}' is a link; a model archive holds plain files only.");
                default:
                    break; // metadata entries (pax headers and the like)
            }
        }
    }

    private static string Destination(string target, string entryName)
    {
        var root = Path.GetFullPath(target) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(target, entryName));
        if (Path.IsPathRooted(entryName) || entryName.Contains('\\') || !path.StartsWith(root, StringComparison.Ordinal))
            throw new ArgumentException($"The archive entry '{entryName}' points outside the model directory; the archive is refused.");
        return path;
    }

    private static long Copy(Stream input, string path, long total, long maxBytes, string entryName)
    {
        using var output = File.Create(path);
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            total += read;
            if (total > maxBytes)
                throw new ArgumentException($"The archive unpacks to more than {maxBytes / (1024 * 1024):N0} MB (at '{entryName}'); the limit is Portal:Models:MaxArchiveBytes.");
            output.Write(buffer, 0, read);
        }
        return total;
    }

    private static string Root(string target)
    {
        if (File.Exists(Path.Combine(target, "config.json"))) return target;
        var folders = Directory.GetDirectories(target);
        return folders.Length == 1 && Directory.GetFiles(target).Length == 0 ? folders[0] : target;
    }
}
