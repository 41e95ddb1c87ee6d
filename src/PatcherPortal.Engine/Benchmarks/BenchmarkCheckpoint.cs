using System.Text.Json;
using System.Text.Json.Serialization;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Patching;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Benchmarks;

/// <summary>
/// A long benchmark's saved state, so a stopped run resumes where it was: each finished stream's result, and the stream
/// in progress (its tallies every <see cref="BenchmarkOptions.CheckpointEvery"/> edits and, for T-Patcher, the patches so
/// far). Every file is replaced atomically; the patch file is written before the tallies that count its patches.
/// </summary>
internal sealed class BenchmarkCheckpoint(string directory)
{
    /// <summary>A stream in progress as saved: its tallies, the patches so far and the rows its editor's memory gained.</summary>
    public sealed record SavedStream(StreamProgress Progress, List<Patch> Patches, Tensor Memory);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private string RunFile => Path.Combine(directory, "benchmark.json");

    /// <summary>Marks the directory as this benchmark's; refuses one written by a benchmark with other data, model or options.</summary>
    public void Claim(string fingerprint)
    {
        if (File.Exists(RunFile) && File.ReadAllText(RunFile) != fingerprint)
            throw new InvalidOperationException($"The checkpoint in {directory} belongs to a benchmark with other data, model or options " +
                $"(see {RunFile}): give another --checkpoint directory, or delete this one to start over.");
        AtomicFile.WriteAllText(RunFile, fingerprint);
    }

    public static string Fingerprint(object identity) => JsonSerializer.Serialize(identity, Json);

    /// <summary>The result of a stream run to its end before; <paramref name="run"/> names the editor and stream.</summary>
    public EditorRunResult? Finished(string run) => Read<EditorRunResult>(FinishedFile(run));

    public void SaveFinished(string run, EditorRunResult result)
    {
        AtomicFile.WriteAllText(FinishedFile(run), JsonSerializer.Serialize(result, Json));
        foreach (var file in new[] { ProgressFile(run), PatchesFile(run), MemoryFile(run) })
            if (File.Exists(file)) File.Delete(file);
    }

    /// <summary>The stream's saved progress, the first <see cref="StreamProgress.Patches"/> patches of its patch file and the
    /// first <see cref="StreamProgress.MemoryRows"/> rows of its memory file (either may be one save ahead of the tallies);
    /// null when nothing was saved.</summary>
    public SavedStream? InProgress(string run, int streamLength, long modelDimension)
    {
        var progress = Read<StreamProgress>(ProgressFile(run));
        if (progress is null) return null;
        if (progress.StreamLength != streamLength)
            throw new InvalidOperationException($"{ProgressFile(run)} is for a stream of {progress.StreamLength} examples, not {streamLength}.");
        var file = PatchesFile(run);
        var patches = File.Exists(file) ? PatchFile.Load(file, modelDimension) : [];
        if (patches.Count < progress.Patches)
            throw new CheckpointException($"{file} holds {patches.Count} patches; the progress beside it counts {progress.Patches}.");
        foreach (var ahead in patches.Skip(progress.Patches)) ahead.Dispose();
        patches.RemoveRange(progress.Patches, patches.Count - progress.Patches);
        return new SavedStream(progress, patches, ReadMemory(run, progress.MemoryRows, modelDimension));
    }

    /// <param name="memory">The rows the editor's memory gained over the stream (M', d); null for an editor without one.</param>
    public void SaveProgress(string run, StreamProgress progress, IEnumerable<Patch> patches, Tensor memory)
    {
        PatchFile.Save(PatchesFile(run), patches);
        WeightFile.Write(MemoryFile(run), new Dictionary<string, Tensor> { ["memory"] = memory });
        AtomicFile.WriteAllText(ProgressFile(run), JsonSerializer.Serialize(progress, Json));
    }

    private Tensor ReadMemory(string run, int rows, long modelDimension)
    {
        if (rows == 0) return zeros(0, modelDimension);
        var state = WeightFile.Read(MemoryFile(run));
        using var memory = state["memory"];
        if (memory.shape[0] < rows || memory.shape[1] != modelDimension)
            throw new CheckpointException($"{MemoryFile(run)} holds ({string.Join(", ", memory.shape)}); the progress beside it counts {rows} rows of {modelDimension}.");
        return memory[..rows].clone();
    }

    private static T? Read<T>(string path) where T : class =>
        File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json) : null;

    private string FinishedFile(string run) => Path.Combine(directory, $"{Slug(run)}.result.json");
    private string ProgressFile(string run) => Path.Combine(directory, $"{Slug(run)}.progress.json");
    private string PatchesFile(string run) => Path.Combine(directory, $"{Slug(run)}.patches.safetensors");
    private string MemoryFile(string run) => Path.Combine(directory, $"{Slug(run)}.memory.safetensors");

    private static string Slug(string run) => string.Concat(run.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
}
