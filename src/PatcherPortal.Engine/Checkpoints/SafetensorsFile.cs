using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Checkpoints;

/// <summary>One tensor's entry in a safetensors header: its dtype, shape and byte range after the header.</summary>
public sealed record SafetensorsEntry(string Name, string Dtype, long[] Shape, long Start, long End);

/// <summary>
/// Reads a safetensors file a tensor at a time (8-byte header length, JSON header, raw little-endian data), so a large
/// checkpoint never sits in memory whole beside the model it fills. Float tensors only: F32, F16, BF16 (and F64).
/// </summary>
public sealed class SafetensorsFile
{
    private static readonly Dictionary<string, (ScalarType Type, int Size)> Dtypes = new()
    {
        ["F32"] = (ScalarType.Float32, 4), ["F16"] = (ScalarType.Float16, 2), ["BF16"] = (ScalarType.BFloat16, 2), ["F64"] = (ScalarType.Float64, 8),
    };

    private readonly long dataStart;

    private SafetensorsFile(string path, Dictionary<string, SafetensorsEntry> entries, long dataStart) =>
        (Path, Entries, this.dataStart) = (path, entries, dataStart);

    public string Path { get; }
    public IReadOnlyDictionary<string, SafetensorsEntry> Entries { get; }

    public static SafetensorsFile Open(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var lengthBytes = new byte[8];
            stream.ReadExactly(lengthBytes);
            var length = BitConverter.ToInt64(lengthBytes);
            if (length <= 0 || length > Math.Min(stream.Length - 8, 100_000_000)) throw new InvalidDataException($"header length {length} does not fit the file");
            var header = new byte[length];
            stream.ReadExactly(header);
            var entries = Parse(Encoding.UTF8.GetString(header), path, stream.Length - 8 - length);
            return new SafetensorsFile(path, entries, 8 + length);
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException or InvalidOperationException or KeyNotFoundException)
        {
            throw new CheckpointException($"{path} is corrupt or not a safetensors file: {e.Message}", e);
        }
    }

    private static Dictionary<string, SafetensorsEntry> Parse(string header, string path, long dataLength)
    {
        var entries = new Dictionary<string, SafetensorsEntry>();
        foreach (var property in JsonDocument.Parse(header).RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__") continue;
            var value = property.Value;
            var dtype = value.GetProperty("dtype").GetString()!;
            var shape = value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (!Dtypes.TryGetValue(dtype, out var type))
                throw new CheckpointException($"{path}: tensor '{property.Name}' has dtype {dtype}; only F32, F16, BF16 and F64 weights load.");
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] > dataLength || offsets[1] - offsets[0] != shape.Aggregate(1L, (a, b) => a * b) * type.Size)
                throw new CheckpointException($"{path} is corrupt or not a weight file: tensor '{property.Name}' has data offsets [{string.Join(", ", offsets)}] that do not fit its shape or the file (truncated?).");
            entries[property.Name] = new SafetensorsEntry(property.Name, dtype, shape, offsets[0], offsets[1]);
        }
        return entries;
    }

    /// <summary>Reads one tensor in its stored dtype, on the CPU.</summary>
    public Tensor Read(string name)
    {
        var entry = Entries[name];
        var bytes = new byte[entry.End - entry.Start];
        using (var stream = File.OpenRead(Path))
        {
            stream.Position = dataStart + entry.Start;
            stream.ReadExactly(bytes);
        }
        var result = empty(entry.Shape, dtype: Dtypes[entry.Dtype].Type);
        result.bytes = bytes;
        return result;
    }

    public static ScalarType TypeOf(string dtype) => Dtypes[dtype].Type;
}
