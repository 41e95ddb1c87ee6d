using System.Text.Json;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Editing.Baselines.Ke;
using PatcherPortal.Engine.Editing.Baselines.Mend;
using PatcherPortal.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.Baselines.HyperNetworks;

/// <summary>What a trained editor directory says about itself (<c>editor.json</c>, beside <c>editor.safetensors</c>).</summary>
public sealed record TrainedEditorInfo(string Kind, long ModelDimension, long Width, int Hidden, int Steps)
{
    public double TrainingSeconds { get; init; }
    public string? Model { get; init; }
    public string? Data { get; init; }
    public int TrainingCases { get; init; }
    public EditorValidation? Before { get; init; }
    public EditorValidation? After { get; init; }
}

/// <summary>Saves and loads MEND and KE editors, and checkpoints of one in training.</summary>
public static class TrainedEditor
{
    public const string InfoFile = "editor.json";
    public const string WeightsFile = "editor.safetensors";
    public const string CheckpointInfoFile = "checkpoint.json";
    public const string CheckpointWeightsFile = "checkpoint.safetensors";
    public static readonly IReadOnlyList<string> Kinds = [MendNetwork.KindName, KeNetwork.KindName];
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static EditorNetwork Create(string kind, long modelDimension, long width, int hidden) => kind switch
    {
        MendNetwork.KindName => new MendNetwork(modelDimension, width, hidden),
        KeNetwork.KindName => new KeNetwork(modelDimension, width, Math.Min(hidden, 128)),
        _ => throw new ArgumentException($"Unknown editor kind '{kind}'. Valid kinds: {string.Join(", ", Kinds)}.", nameof(kind)),
    };

    public static void Save(string directory, EditorNetwork network, TrainedEditorInfo info) =>
        Write(directory, WeightsFile, InfoFile, network, info);

    /// <summary>Rewrites the description of a saved editor (what it was trained on).</summary>
    public static void Describe(string directory, TrainedEditorInfo info) =>
        AtomicFile.WriteAllText(Path.Combine(directory, InfoFile), JsonSerializer.Serialize(info, Json));

    internal static void SaveCheckpoint(string directory, EditorNetwork network, TrainedEditorInfo info) =>
        Write(directory, CheckpointWeightsFile, CheckpointInfoFile, network, info);

    /// <summary>The checkpoint of an interrupted training of this kind in <paramref name="directory"/>, loaded into
    /// <paramref name="network"/>; null when there is none.</summary>
    internal static TrainedEditorInfo? ResumeCheckpoint(string directory, EditorNetwork network)
    {
        var infoPath = Path.Combine(directory, CheckpointInfoFile);
        if (!File.Exists(infoPath)) return null;
        var info = ReadInfo(infoPath);
        if (info.Kind != network.Kind) return null;
        LoadWeights(Path.Combine(directory, CheckpointWeightsFile), network);
        return info;
    }

    /// <summary>What the editor saved in <paramref name="directory"/> says about itself, without loading it.</summary>
    public static TrainedEditorInfo ReadDescription(string directory)
    {
        var infoPath = Path.Combine(directory, InfoFile);
        return File.Exists(infoPath) ? ReadInfo(infoPath)
            : throw new CheckpointException($"{directory} is not a trained editor: {InfoFile} is missing (train one with 'patcher train-editor').");
    }

    /// <summary>The editor saved in <paramref name="directory"/>, checked against the model it will edit.</summary>
    public static (EditorNetwork Network, TrainedEditorInfo Info) Load(string directory, IEditableModel model, string? expectedKind = null)
    {
        var info = ReadDescription(directory);
        if (expectedKind is not null && info.Kind != expectedKind)
            throw new CheckpointException($"{directory} holds a '{info.Kind}' editor, not '{expectedKind}'.");
        var layer = model.Network.LastFeedForward;
        if (info.ModelDimension != layer.ModelDimension || info.Width != layer.Width)
            throw new CheckpointException($"{directory} was trained for a {info.ModelDimension}x{info.Width} feed-forward layer; this model's is {layer.ModelDimension}x{layer.Width}.");
        var network = Create(info.Kind, info.ModelDimension, info.Width, info.Hidden);
        LoadWeights(Path.Combine(directory, WeightsFile), network);
        network.to(model.Module.Device());
        network.eval();
        return (network, info);
    }

    private static void Write(string directory, string weights, string infoName, EditorNetwork network, TrainedEditorInfo info)
    {
        WeightFile.Write(Path.Combine(directory, weights), network.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach()));
        AtomicFile.WriteAllText(Path.Combine(directory, infoName), JsonSerializer.Serialize(info, Json));
    }

    private static TrainedEditorInfo ReadInfo(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<TrainedEditorInfo>(File.ReadAllText(path), Json) ?? throw new CheckpointException($"{path} is empty.");
        }
        catch (JsonException error)
        {
            throw new CheckpointException($"{path} is not an editor description: {error.Message}", error);
        }
    }

    private static void LoadWeights(string path, EditorNetwork network)
    {
        var state = WeightFile.Read(path);
        var expected = network.state_dict();
        var missing = expected.Keys.Except(state.Keys).ToList();
        if (missing.Count > 0) throw new CheckpointException($"{path} lacks {string.Join(", ", missing)}.");
        using var noGrad = no_grad();
        foreach (var (name, tensor) in expected)
        {
            if (!tensor.shape.SequenceEqual(state[name].shape))
                throw new CheckpointException($"{path}: {name} is {string.Join("x", state[name].shape)}, expected {string.Join("x", tensor.shape)}.");
            tensor.copy_(state[name]);
        }
        foreach (var t in state.Values) t.Dispose();
    }
}
