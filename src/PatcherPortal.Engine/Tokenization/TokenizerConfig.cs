using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatcherPortal.Engine.Tokenization;

/// <summary>Reads and writes Hugging Face tokenizer_config.json.</summary>
public static class TokenizerConfig
{
    public const string FileName = "tokenizer_config.json";

    public static bool? ReadLowerCase(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?["do_lower_case"]?.GetValue<bool>();
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
