using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatcherPortal.Engine.Checkpoints;

/// <summary>The special tokens a decoder generates with: where to stop (one or several end tokens), what to pad with,
/// and the token a prompt starts with (when its tokenizer adds one).</summary>
public sealed record GenerationTokens(IReadOnlyList<long> EndTokenIds, int PadTokenId, int? BosTokenId);

/// <summary>Hugging Face generation_config.json, which overrides config.json's special tokens for generation.</summary>
public static class GenerationConfigFile
{
    public const string FileName = "generation_config.json";

    public static GenerationTokens Read(string directory, JsonNode config)
    {
        var path = Path.Combine(directory, FileName);
        JsonNode? generation = null;
        if (File.Exists(path))
        {
            try { generation = JsonNode.Parse(File.ReadAllText(path)); }
            catch (JsonException e) { throw new CheckpointException($"{path} is not valid JSON: {e.Message}", e); }
        }
        JsonNode? Field(string name) => generation?[name] ?? config[name];
        var ends = Ids(Field("eos_token_id"), path);
        if (ends.Count == 0) throw new CheckpointException($"{path} (or config.json) gives no eos_token_id: generation would never stop.");
        var pad = Ids(Field("pad_token_id"), path);
        var bos = Ids(Field("bos_token_id"), path);
        return new GenerationTokens(ends, pad.Count > 0 ? (int)pad[0] : (int)ends[0], bos.Count > 0 ? (int)bos[0] : null);
    }

    private static List<long> Ids(JsonNode? node, string path)
    {
        try
        {
            return node switch
            {
                null => [],
                JsonArray list => list.Select(n => n!.GetValue<long>()).ToList(),
                _ => [node.GetValue<long>()],
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new CheckpointException($"{path}: a token id is not an integer ({node?.ToJsonString()}).", e);
        }
    }

    public static void Write(string directory, GenerationTokens tokens)
    {
        var json = new JsonObject
        {
            ["eos_token_id"] = tokens.EndTokenIds.Count == 1 ? JsonValue.Create(tokens.EndTokenIds[0]) : new JsonArray(tokens.EndTokenIds.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
            ["pad_token_id"] = tokens.PadTokenId,
        };
        if (tokens.BosTokenId is { } bos) json["bos_token_id"] = bos;
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
