using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatcherPortal.Engine.Tokenization;

/// <summary>Reads and writes Hugging Face tokenizer_config.json.</summary>
public static class TokenizerConfig
{
    public const string FileName = "tokenizer_config.json";

    public static bool? ReadLowerCase(string directory) => ReadFlag(directory, "do_lower_case");

    /// <summary>Whether encoding starts with the begin-of-sequence token (Llama 2, Mistral); null when unsaid.</summary>
    public static bool? ReadAddBosToken(string directory) => ReadFlag(directory, "add_bos_token");

    private static bool? ReadFlag(string directory, string key)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?[key]?.GetValue<bool>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    public static void Write(string directory, Dictionary<string, object> values) =>
        Checkpoints.AtomicFile.WriteAllText(Path.Combine(directory, FileName),
            JsonSerializer.Serialize(values, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
}
