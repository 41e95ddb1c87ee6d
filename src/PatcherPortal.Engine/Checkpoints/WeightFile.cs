using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Checkpoints;

/// <summary>Reads and writes state dicts as safetensors (preferred) or PyTorch pickles (pytorch_model.bin).</summary>
public static class WeightFile
{
    public const string Safetensors = "model.safetensors";
    public const string PyTorch = "pytorch_model.bin";

    /// <summary>The shard index if the weights are sharded, else the one weight file.</summary>
    public static string LocateAny(string directory)
    {
        var index = Path.Combine(directory, CheckpointTensors.ShardIndex);
        return File.Exists(index) ? index : Locate(directory);
    }

    public static string Locate(string directory)
    {
        foreach (var name in new[] { Safetensors, PyTorch })
            if (File.Exists(Path.Combine(directory, name))) return Path.Combine(directory, name);
        throw new CheckpointException($"{directory} has no weights: expected {Safetensors}, {CheckpointTensors.ShardIndex} or {PyTorch}.");
    }

    public static Dictionary<string, Tensor> Read(string path)
    {
        try
        {
            var state = path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
                ? TorchSharp.PyBridge.Safetensors.LoadStateDict(path)
                : PyTorchUnpickler.UnpickleStateDict(path).Cast<System.Collections.DictionaryEntry>()
                    .ToDictionary(e => (string)e.Key, e => (Tensor)e.Value!);
            return state;
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException($"{path} is corrupt or not a weight file: {e.Message}", e);
        }
    }

    /// <summary>Writes atomically (<see cref="AtomicFile"/>): a reader never sees a half-written file, and a write that
    /// fails (a full disk) leaves the old file and no temporary one.</summary>
    /// <param name="create">Opens the file (tests pass one whose disk is full).</param>
    /// <param name="beforeRename">See <see cref="AtomicFile.Write"/>.</param>
    public static void Write(string path, Dictionary<string, Tensor> state, Func<string, Stream>? create = null,
        Action<string>? beforeRename = null) =>
        AtomicFile.Write(path, temporary =>
        {
            using var stream = (create ?? File.Create)(temporary);
            TorchSharp.PyBridge.Safetensors.SaveStateDict(stream, state.ToDictionary(kv => kv.Key, kv => kv.Value.contiguous().cpu()));
        }, beforeRename);
}
