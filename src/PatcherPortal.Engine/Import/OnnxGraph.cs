namespace PatcherPortal.Engine.Import;

/// <summary>
/// The parts of an ONNX ModelProto the importer needs: float32 initializers and the node wiring. A tiny protobuf
/// wire-format reader, so importing needs no ONNX or protobuf package.
/// </summary>
public sealed class OnnxGraph
{
    public sealed record Initializer(string Name, long[] Dims, float[] Data);
    public sealed record Node(string OpType, string[] Inputs, string[] Outputs);

    public Dictionary<string, Initializer> Initializers { get; } = [];
    public List<Node> Nodes { get; } = [];

    public static OnnxGraph Parse(byte[] model)
    {
        var graph = new OnnxGraph();
        foreach (var (field, value) in Fields(model))
            if (field == 7) // ModelProto.graph
                foreach (var (f, v) in Fields(value))
                {
                    if (f == 1) graph.Nodes.Add(ParseNode(v));
                    else if (f == 5 && ParseTensor(v) is { } t) graph.Initializers[t.Name] = t;
                }
        if (graph.Nodes.Count == 0) throw new InvalidDataException("The ONNX model has no graph nodes.");
        return graph;
    }

    private static Node ParseNode(byte[] bytes)
    {
        List<string> inputs = [], outputs = [];
        var op = "";
        foreach (var (f, v) in Fields(bytes))
        {
            if (f == 1) inputs.Add(Text(v));
            else if (f == 2) outputs.Add(Text(v));
            else if (f == 4) op = Text(v);
        }
        return new Node(op, [.. inputs], [.. outputs]);
    }

    private static Initializer? ParseTensor(byte[] bytes)
    {
        List<long> dims = [];
        var (name, type, raw) = ("", 0L, Array.Empty<byte>());
        foreach (var (f, v) in Fields(bytes))
        {
            if (f == 1) dims.AddRange(v.Length == 0 ? [] : Varints(v));
            else if (f == -1) dims.Add(BitConverter.ToInt64(v));
            else if (f == 2) type = BitConverter.ToInt64(v);
            else if (f == 8) name = Text(v);
            else if (f == 9) raw = v;
        }
        if (type != 1 || raw.Length == 0) return null; // only float32 raw_data initializers carry weights here
        var data = new float[raw.Length / 4];
        Buffer.BlockCopy(raw, 0, data, 0, raw.Length);
        return new Initializer(name, [.. dims], data);
    }

    private static string Text(byte[] v) => System.Text.Encoding.UTF8.GetString(v);

    /// <summary>Top-level fields of a message. Varint fields yield their value as 8 little-endian bytes; an unpacked
    /// repeated varint for field 1 is reported as field -1 so it can be told from a packed one.</summary>
    private static IEnumerable<(int Field, byte[] Value)> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message, ref position);
            var (field, wire) = ((int)(key >> 3), (int)(key & 7));
            switch (wire)
            {
                case 0:
                    yield return (field == 1 ? -1 : field, BitConverter.GetBytes((long)ReadVarint(message, ref position)));
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    yield return (field, message[position..(position + length)]);
                    position += length;
                    break;
                case 1: position += 8; break;
                case 5: position += 4; break;
                default: throw new InvalidDataException($"Unsupported protobuf wire type {wire} at byte {position}.");
            }
        }
    }

    private static IEnumerable<long> Varints(byte[] packed)
    {
        var position = 0;
        while (position < packed.Length) yield return (long)ReadVarint(packed, ref position);
    }

    private static ulong ReadVarint(byte[] bytes, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (position >= bytes.Length) throw new InvalidDataException("Truncated protobuf varint.");
            var b = bytes[position++];
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }
}
