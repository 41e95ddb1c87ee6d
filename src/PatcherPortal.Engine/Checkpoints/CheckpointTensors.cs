using System.Text.Json;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Checkpoints;

/// <summary>
/// The tensors of a model directory's weights, whichever layout it has: <c>model.safetensors.index.json</c> and its
/// shards, one <c>model.safetensors</c>, or <c>pytorch_model.bin</c>. Names and shapes are known from the headers
/// before any tensor is read, and each tensor is read on its own, so loading holds about one copy of the weights.
/// </summary>
public sealed class CheckpointTensors : IDisposable
{
    public const string ShardIndex = "model.safetensors.index.json";

    private readonly Dictionary<string, SafetensorsFile> shardOf = [];
    private readonly Dictionary<string, Tensor> pickled = [];

    private CheckpointTensors(string description) => Description = description;

    /// <summary>The file (or index) the weights come from, for messages.</summary>
    public string Description { get; }
    public IEnumerable<string> Names => shardOf.Keys.Concat(pickled.Keys);

    public static CheckpointTensors Open(string directory)
    {
        var index = Path.Combine(directory, ShardIndex);
        if (File.Exists(index)) return FromIndex(directory, index);
        var file = WeightFile.Locate(directory);
        var tensors = new CheckpointTensors(file);
        if (file.EndsWith(".safetensors", StringComparison.Ordinal))
        {
            var single = SafetensorsFile.Open(file);
            foreach (var name in single.Entries.Keys) tensors.shardOf[name] = single;
        }
        else foreach (var (name, tensor) in WeightFile.Read(file)) tensors.pickled[name] = tensor;
        return tensors;
    }

    private static CheckpointTensors FromIndex(string directory, string index)
    {
        Dictionary<string, string> map;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(index));
            map = document.RootElement.GetProperty("weight_map").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CheckpointException($"{index} is not a safetensors index (a JSON object with a weight_map of tensor to shard): {e.Message}", e);
        }
        var tensors = new CheckpointTensors(index);
        var shards = new Dictionary<string, SafetensorsFile>();
        foreach (var (name, shard) in map)
        {
            if (shard.Contains('/') || shard.Contains('\\') || shard.Contains(".."))
                throw new CheckpointException($"{index}: tensor '{name}' points at '{shard}', which is not a file beside the index.");
            if (!shards.TryGetValue(shard, out var file))
            {
                var path = Path.Combine(directory, shard);
                if (!File.Exists(path)) throw new CheckpointException($"{index} lists shard {shard} (tensor '{name}'), which is missing.");
                shards[shard] = file = SafetensorsFile.Open(path);
            }
            if (!file.Entries.ContainsKey(name))
                throw new CheckpointException($"{file.Path} lacks tensor '{name}', which {ShardIndex} places there.");
            tensors.shardOf[name] = file;
        }
        return tensors;
    }

    public long[] ShapeOf(string name) => shardOf.TryGetValue(name, out var file) ? file.Entries[name].Shape : pickled[name].shape;

    /// <summary>The shard (or file) holding the tensor.</summary>
    public string FileOf(string name) => shardOf.TryGetValue(name, out var file) ? file.Path : Description;

    /// <summary>The stored dtype: "F32", "BF16", "F16"...</summary>
    public string DtypeOf(string name) => shardOf.TryGetValue(name, out var file) ? file.Entries[name].Dtype : "F32";

    /// <summary>Reads the tensor in its stored dtype; the caller disposes it.</summary>
    public Tensor Read(string name)
    {
        if (!shardOf.TryGetValue(name, out var file)) return pickled[name].alias();
        try
        {
            return file.Read(name);
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            throw new CheckpointException($"{file.Path}: tensor '{name}' cannot be read: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        foreach (var tensor in pickled.Values) tensor.Dispose();
    }
}
