using System.Text.Json;
using System.Text.Json.Nodes;
using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Web.Registry;

/// <summary>A model's overrides of the editor's hyper-parameters (<c>Portal:Patcher</c>), kept as a JSON object of
/// <see cref="PatcherOptions"/> property names.</summary>
public static class EditorSettings
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The portal's options with the model's overrides; an override of <c>preset</c> starts from that preset's
    /// defaults instead of the portal's settings.</summary>
    public static PatcherOptions Apply(PatcherOptions portal, string? overrides)
    {
        if (string.IsNullOrWhiteSpace(overrides)) return portal;
        var settings = JsonNode.Parse(overrides)!.AsObject();
        var preset = settings.FirstOrDefault(p => string.Equals(p.Key, nameof(PatcherOptions.Preset), StringComparison.OrdinalIgnoreCase)).Value;
        var start = preset is null ? portal : PatcherOptions.For(preset.Deserialize<PatcherPreset>(Json));
        var merged = JsonSerializer.SerializeToNode(start, Json)!.AsObject();
        foreach (var (key, value) in settings)
            merged[merged.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) ?? key] = value?.DeepClone();
        return merged.Deserialize<PatcherOptions>(Json)!;
    }

    /// <summary>The overrides as stored, or an <see cref="ArgumentException"/> naming the setting that is not one.</summary>
    public static string? Validate(JsonObject? overrides, PatcherOptions portal)
    {
        if (overrides is null || overrides.Count == 0) return null;
        var text = overrides.ToJsonString();
        try
        {
            Apply(portal, text);
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or NotSupportedException)
        {
            throw new ArgumentException($"The editor settings are not valid Transformer-Patcher options: {error.Message}", error);
        }
        return text;
    }
}
