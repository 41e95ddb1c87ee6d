using PatcherPortal.Engine.Checkpoints;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Patching;

/// <summary>
/// Patches saved beside an untouched base checkpoint, as safetensors: "patches.{index}.{id}.key|bias|value".
/// The index keeps their order, so a reloaded model sums them in the same order and answers identically.
/// </summary>
public static class PatchFile
{
    public const string FileName = "patches.safetensors";
    private const string DeltaKey = "key_weight_delta", DeltaValue = "value_weight_delta";

    /// <param name="create">See <see cref="WeightFile.Write"/>.</param>
    /// <param name="beforeRename">See <see cref="AtomicFile.Write"/>.</param>
    public static void Save(string path, IEnumerable<Patch> patches, Func<string, Stream>? create = null, Action<string>? beforeRename = null)
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (patch, index) in patches.Select((p, i) => (p, i)))
        {
            var prefix = $"patches.{index:D6}.{patch.Id:N}.";
            if (patch.Kind == PatchKind.WeightDelta)
            {
                // Other names than a neuron's: a reader that knows no weight deltas refuses the file instead of misreading it.
                state[prefix + DeltaKey] = patch.Key;
                state[prefix + DeltaValue] = patch.Value;
                continue;
            }
            state[prefix + "key"] = patch.Key;
            state[prefix + "bias"] = patch.Bias.reshape(1);
            state[prefix + "value"] = patch.Value;
        }
        WeightFile.Write(path, state, create, beforeRename);
    }

    public static List<Patch> Load(string path, long modelDimension)
    {
        if (!File.Exists(path)) throw new CheckpointException($"Patch file {path} does not exist.");
        var state = WeightFile.Read(path);
        try
        {
            var patches = new List<Patch>();
            foreach (var group in state.GroupBy(kv => kv.Key[..kv.Key.LastIndexOf('.')]).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var parts = group.Key.Split('.');
                if (parts.Length != 3 || parts[0] != "patches" || !Guid.TryParseExact(parts[2], "N", out var id))
                    throw new CheckpointException($"{path}: unexpected tensor group '{group.Key}'.");
                var tensors = group.ToDictionary(kv => kv.Key[(group.Key.Length + 1)..], kv => kv.Value);
                if (tensors.ContainsKey(DeltaKey) && tensors.ContainsKey(DeltaValue))
                {
                    if (!tensors[DeltaKey].shape.Contains(modelDimension))
                        throw new CheckpointException($"{path}: weight delta {id} changes a {string.Join("x", tensors[DeltaKey].shape)} layer, the model's dimension is {modelDimension}.");
                    patches.Add(Patch.WeightDelta(id, tensors[DeltaKey], tensors[DeltaValue]));
                    continue;
                }
                foreach (var name in new[] { "key", "bias", "value" })
                    if (!tensors.ContainsKey(name)) throw new CheckpointException($"{path}: patch {id} is missing its {name} ('{group.Key}.{name}').");
                if (tensors["key"].shape[0] != modelDimension || tensors["value"].shape[0] != modelDimension)
                    throw new CheckpointException($"{path}: patch {id} has dimension {tensors["key"].shape[0]}, the model has {modelDimension}.");
                patches.Add(new Patch(id, tensors["key"], tensors["bias"], tensors["value"]));
            }
            return patches;
        }
        finally
        {
            foreach (var tensor in state.Values) tensor.Dispose();
        }
    }
}
