using System.IO.Compression;
using PatcherPortal.Engine.Patching;

namespace PatcherPortal.Engine.Checkpoints;

/// <summary>
/// A model version taken out of the portal: its base Hugging Face directory, every file as it is, with the version's
/// patch file beside the weights as <see cref="PatchFile.FileName"/>. Hugging Face loaders ignore that file;
/// <see cref="PatchedModel"/> (and <c>patcher predict</c>) apply it.
/// </summary>
public static class ModelVersionExport
{
    /// <summary>Writes a new directory, complete or not at all (it is assembled under a temporary name, then renamed).</summary>
    /// <param name="patchFile">The version's patches; null for a version that serves none.</param>
    public static void WriteDirectory(string baseDirectory, string? patchFile, string outputDirectory)
    {
        var files = Files(baseDirectory, patchFile);
        var target = Path.GetFullPath(outputDirectory);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new IOException($"{target} already exists and is not empty: export into a new directory.");
        var building = $"{target}.{Guid.NewGuid():N}{AtomicFile.TemporarySuffix}";
        try
        {
            Directory.CreateDirectory(building);
            foreach (var (name, source) in files) File.Copy(source, Path.Combine(building, name));
            if (Directory.Exists(target)) Directory.Delete(target);
            Directory.Move(building, target);
        }
        finally
        {
            if (Directory.Exists(building)) Directory.Delete(building, recursive: true);
        }
    }

    /// <summary>The same directory as a zip archive, for a download.</summary>
    public static void WriteZip(string baseDirectory, string? patchFile, Stream destination)
    {
        var files = Files(baseDirectory, patchFile);
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, source) in files) zip.CreateEntryFromFile(source, name, CompressionLevel.Fastest);
    }

    /// <summary>Checks what will be exported before anything is written: a loadable-looking base and an existing patch file.</summary>
    private static List<(string Name, string Source)> Files(string baseDirectory, string? patchFile)
    {
        ModelConfigFile.Read(baseDirectory);
        WeightFile.Locate(baseDirectory);
        if (patchFile is not null && !File.Exists(patchFile)) throw new CheckpointException($"Patch file {patchFile} does not exist.");
        var files = Directory.EnumerateFiles(baseDirectory)
            .Where(f => !f.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal) && Path.GetFileName(f) != PatchFile.FileName)
            .Select(f => (Path.GetFileName(f), f)).ToList();
        if (patchFile is not null) files.Add((PatchFile.FileName, patchFile));
        return files;
    }
}
