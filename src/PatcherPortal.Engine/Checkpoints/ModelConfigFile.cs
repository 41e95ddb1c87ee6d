using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatcherPortal.Engine.Checkpoints;

/// <summary>Hugging Face config.json: the model_type decides the architecture.</summary>
public static class ModelConfigFile
{
    public const string FileName = "config.json";
    public static readonly string[] SupportedModelTypes = ["bert", .. ClassifierCheckpoint.ModelTypes, "gpt2", .. Models.Llama.LlamaConfig.ModelTypes];
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static (string ModelType, JsonNode Json) Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!Directory.Exists(directory)) throw new CheckpointException($"Model directory {directory} does not exist.");
        if (!File.Exists(path)) throw new CheckpointException($"{path} is missing: a model directory needs config.json.");
        JsonNode? json;
        try { json = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new CheckpointException($"{path} is not valid JSON: {e.Message}", e); }
        var type = json?["model_type"]?.GetValueKind() == JsonValueKind.String ? json["model_type"]!.GetValue<string>() : null;
        if (type is null) throw new CheckpointException($"{path} has no model_type.");
        if (!SupportedModelTypes.Contains(type))
            throw new CheckpointException($"{path}: unknown model_type '{type}' (supported: {string.Join(", ", SupportedModelTypes)}).");
        return (type, json!);
    }

    public static T Deserialize<T>(string directory, JsonNode json)
    {
        try { return json.Deserialize<T>() ?? throw new JsonException("empty"); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new CheckpointException($"{Path.Combine(directory, FileName)} has invalid fields: {e.Message}", e);
        }
    }

    public static void Write<T>(string directory, T config)
    {
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(config, Options));
    }
}
