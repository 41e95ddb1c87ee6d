using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Checkpoints;

/// <summary>How weights are written: their dtype on disk and the largest shard (Hugging Face's save_pretrained layout).</summary>
public sealed record WeightLayout(ScalarType Dtype = ScalarType.Float32, long MaxShardBytes = long.MaxValue)
{
    public static readonly WeightLayout Default = new();
}

/// <summary>Writes a state dict as one model.safetensors, or as model-0000i-of-0000n.safetensors shards with
/// model.safetensors.index.json when it exceeds the shard size; converted to the layout's dtype a shard at a time.</summary>
public static class ShardedWeights
{
    public static void Write(string directory, Dictionary<string, Tensor> state, WeightLayout layout)
    {
        var shards = new List<List<string>> { new() };
        var size = 0L;
        foreach (var (name, tensor) in state)
        {
            var bytes = tensor.numel() * ElementSize(layout.Dtype);
            if (size > 0 && size + bytes > layout.MaxShardBytes) { shards.Add([]); size = 0; }
            shards[^1].Add(name);
            size += bytes;
        }
        var index = Path.Combine(directory, CheckpointTensors.ShardIndex);
        var single = Path.Combine(directory, WeightFile.Safetensors);
        if (shards.Count == 1)
        {
            WriteShard(single, state, shards[0], layout.Dtype);
            if (File.Exists(index)) File.Delete(index);
            return;
        }
        var map = new JsonObject();
        for (var i = 0; i < shards.Count; i++)
        {
            var file = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
            WriteShard(Path.Combine(directory, file), state, shards[i], layout.Dtype);
            foreach (var name in shards[i]) map[name] = file;
        }
        var total = state.Values.Sum(t => t.numel() * ElementSize(layout.Dtype));
        var json = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = total }, ["weight_map"] = map };
        AtomicFile.WriteAllText(index, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (File.Exists(single)) File.Delete(single);
    }

    private static void WriteShard(string path, Dictionary<string, Tensor> state, List<string> names, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        WeightFile.Write(path, names.ToDictionary(n => n, n => state[n].to(dtype)));
    }

    private static long ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Float64 => 8,
        _ => 4,
    };
}
