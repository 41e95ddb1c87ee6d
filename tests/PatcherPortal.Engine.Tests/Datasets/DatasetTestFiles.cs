using System.Text.Json;

namespace PatcherPortal.Engine.Tests.Datasets;

/// <summary>Finds the test data: samples copied next to the tests, the shared data sets when present, temp files.</summary>
internal static class DatasetTestFiles
{
    public static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "Datasets", "Samples", name);

    public static string DefaultSourceDirectory => Path.Combine(AppContext.BaseDirectory, "Datasets", "DefaultSource");

    /// <summary>
    /// The shared data set of that name if a <c>shared/data</c> folder sits in an ancestor of the test binaries
    /// (it is a sibling of the repository on developer machines and in CI), otherwise the small sample copy.
    /// </summary>
    public static string SharedOrSample(string sharedName, string sampleName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", sharedName);
            if (File.Exists(candidate)) return candidate;
        }
        return Sample(sampleName);
    }

    public static int CountArrayRows(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetArrayLength();
    }
}

/// <summary>A file in its own temporary folder, deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    private readonly string directory;

    public TempFile(string name, string content)
    {
        directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "patcher-datasets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, name);
        File.WriteAllText(Path, content);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
