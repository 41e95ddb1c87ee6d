using System.Text.Json.Nodes;
using static PatcherPortal.Engine.Tokenization.HuggingFace.TokenizerJson;

namespace PatcherPortal.Engine.Tokenization.HuggingFace;

/// <summary>tokenizer.json's "model" section: a BPE vocabulary and its merges ("a b" strings or [a, b] pairs).</summary>
internal static class BpeModelFile
{
    public static (Dictionary<string, int> Vocabulary, BpeModel Model) Read(JsonNode? node)
    {
        if (node is null) throw new InvalidDataException("tokenizer.json has no \"model\".");
        var type = String(node, "type", node["merges"] is null ? "" : "BPE");
        if (type != "BPE") throw Unsupported("model", type.Length == 0 ? "(untyped)" : type);
        if (node["dropout"] is JsonValue dropout && dropout.TryGetValue<double>(out var rate) && rate > 0)
            throw Unsupported("model", $"BPE with dropout {rate}");
        foreach (var affix in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
            if (String(node, affix).Length > 0) throw Unsupported("model", $"BPE with {affix} \"{String(node, affix)}\"");

        var (vocabulary, merges) = VocabularyAndMerges(node);
        var model = new BpeModel(vocabulary, merges, node["unk_token"]?.GetValue<string>(), Bool(node, "byte_fallback", false),
            Bool(node, "fuse_unk", false), Bool(node, "ignore_merges", false));
        return (vocabulary, model);
    }

    public static (Dictionary<string, int> Vocabulary, List<(string Left, string Right)> Merges) VocabularyAndMerges(JsonNode node)
    {
        var vocabulary = (node["vocab"] as JsonObject ?? throw new InvalidDataException("tokenizer.json: the BPE model has no \"vocab\" object."))
            .ToDictionary(pair => pair.Key, pair => pair.Value!.GetValue<int>(), StringComparer.Ordinal);
        return (vocabulary, Items(node, "merges").Select((merge, line) => Merge(merge, line, vocabulary)).ToList());
    }

    private static (string Left, string Right) Merge(JsonNode merge, int index, Dictionary<string, int> vocabulary)
    {
        var parts = merge is JsonArray pair ? pair.Select(p => p!.GetValue<string>()).ToArray() : merge.GetValue<string>().Split(' ');
        if (parts.Length != 2 || !vocabulary.ContainsKey(parts[0]) || !vocabulary.ContainsKey(parts[1]))
            throw new InvalidDataException($"tokenizer.json: merge {index} ({merge.ToJsonString()}) is not two tokens of the vocabulary.");
        return (parts[0], parts[1]);
    }
}
