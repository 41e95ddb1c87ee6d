using System.Text.Json;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Editing.Baselines.HyperNetworks;

namespace PatcherPortal.Web.Settings;

/// <summary>
/// Which editor turns a model's corrections into patches: Transformer-Patcher (neurons; the default), or a trained MEND or KE
/// editor (weight deltas of the last feed-forward layer), from a directory written by <c>patcher train-editor</c>.
/// </summary>
public sealed record ModelEditor(string Kind, string? Directory = null)
{
    public const string TransformerPatcher = "tpatcher";
    public static readonly ModelEditor Default = new(TransformerPatcher);
    public static IReadOnlyList<string> Kinds { get; } = [TransformerPatcher, .. TrainedEditor.Kinds];

    public bool IsHyperNetwork => Kind != TransformerPatcher;

    /// <summary>The choice as stored, or an <see cref="ArgumentException"/> saying what is wrong with it: an unknown kind,
    /// MEND or KE without a trained editor of that kind, or one trained for a model of another dimension.</summary>
    public ModelEditor Checked(long modelDimension)
    {
        var kind = Kind?.Trim().ToLowerInvariant() ?? "";
        if (!Kinds.Contains(kind)) throw new ArgumentException($"'{Kind}' is not an editor. Valid editors: {string.Join(", ", Kinds)}.");
        if (kind == TransformerPatcher) return Default;
        if (string.IsNullOrWhiteSpace(Directory))
            throw new ArgumentException($"A {kind} editor needs the directory of one trained for this model ('patcher train-editor --kind {kind}').");
        var directory = Path.GetFullPath(Directory.Trim());
        TrainedEditorInfo info;
        try
        {
            info = TrainedEditor.ReadDescription(directory);
        }
        catch (CheckpointException refused)
        {
            throw new ArgumentException(refused.Message, refused);
        }
        if (info.Kind != kind) throw new ArgumentException($"{directory} holds a '{info.Kind}' editor, not '{kind}'.");
        if (info.ModelDimension != modelDimension)
            throw new ArgumentException($"{directory} was trained for a model of dimension {info.ModelDimension}; this model's is {modelDimension}.");
        return new ModelEditor(kind, directory);
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static ModelEditor FromJson(string json) => JsonSerializer.Deserialize<ModelEditor>(json, JsonSerializerOptions.Web) ?? Default;
}
