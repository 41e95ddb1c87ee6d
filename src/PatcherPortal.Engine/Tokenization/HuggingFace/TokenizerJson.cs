using System.Text.Json.Nodes;

namespace PatcherPortal.Engine.Tokenization.HuggingFace;

/// <summary>Reading helpers for tokenizer.json nodes; a component the engine cannot reproduce is refused by name.</summary>
internal static class TokenizerJson
{
    /// <summary>Parses a JSON file of the tokenizer; a malformed one is refused naming the file.</summary>
    public static JsonNode Parse(string json, string file)
    {
        try
        {
            return JsonNode.Parse(json) ?? throw new InvalidDataException($"{file} is empty.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{file} is not valid JSON: {e.Message}", e);
        }
    }

    public static string Type(JsonNode node, string section) =>
        node["type"]?.GetValue<string>() ?? throw new InvalidDataException($"tokenizer.json: a {section} entry has no \"type\".");

    public static InvalidDataException Unsupported(string section, string type) =>
        new($"tokenizer.json: the {section} \"{type}\" is not supported (supported: {Supported(section)}).");

    public static string String(JsonNode node, string name, string fallback = "") =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : fallback;

    public static bool Bool(JsonNode node, string name, bool fallback) =>
        node[name] is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : fallback;

    public static int Int(JsonNode node, string name, int fallback) =>
        node[name] is JsonValue value && value.TryGetValue<int>(out var number) ? number : fallback;

    public static IEnumerable<JsonNode> Items(JsonNode node, string name) =>
        node[name] is JsonArray array ? array.OfType<JsonNode>() : [];

    private static string Supported(string section) => section switch
    {
        "normalizer" => "Sequence, NFC, NFD, NFKC, NFKD, Lowercase, Prepend, Replace, Strip",
        "pre_tokenizer" => "Sequence, Split, ByteLevel, Metaspace, Digits",
        "decoder" => "Sequence, ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace",
        "post_processor" => "TemplateProcessing, RobertaProcessing, BertProcessing, ByteLevel, Sequence",
        "model" => "BPE",
        _ => "none",
    };
}
