using PatcherPortal.Engine.Models;
using PatcherPortal.Engine.Patching;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.Baselines.HyperNetworks;

/// <summary>
/// The last feed-forward layer as two plain matrices the hyper-network editors update: key (d, m) and value (m, d),
/// read in input-by-output order whatever the architecture stores (BERT's Linear keeps (out, in), GPT-2's Conv1D (in, out)).
/// The layer is recomputed from them so an update can be tried, with gradients into the editor, without touching the model.
/// </summary>
public sealed class FeedForwardWeights
{
    private readonly Parameter key, keyBias, value, valueBias;
    private readonly bool keyTransposed, valueTransposed;

    public FeedForwardWeights(IEditableModel model)
    {
        var layer = model.Network.LastFeedForward;
        Activation = layer.Activation;
        (ModelDimension, Width) = (layer.ModelDimension, layer.Width);
        if (ModelDimension == Width) throw new NotSupportedException("A feed-forward layer as wide as the model cannot tell its key from its value by shape.");
        var found = LastFeedForwardParameters.Find(model).ToDictionary(p => p.Name, p => p.Parameter);
        Parameter Named(bool keyLayer, string suffix) => found.Single(p => IsKey(p.Key) == keyLayer && p.Key.EndsWith(suffix)).Value;
        (key, keyBias, value, valueBias) = (Named(true, ".weight"), Named(true, ".bias"), Named(false, ".weight"), Named(false, ".bias"));
        keyTransposed = key.shape[0] == Width;
        valueTransposed = value.shape[0] == ModelDimension;
    }

    public Activation Activation { get; }
    public long ModelDimension { get; }
    public long Width { get; }

    /// <summary>Key (d, m) and value (m, d) as the layer computes q·K and h·V.</summary>
    public Tensor Key => keyTransposed ? key.t() : key;
    public Tensor Value => valueTransposed ? value.t() : value;

    /// <summary>Pre-activations z = q·(K + ΔK) + b_k: (N, m).</summary>
    public Tensor KeyOutput(Tensor query, Tensor? keyUpdate = null) =>
        query.matmul(keyUpdate is null ? Key : Key + keyUpdate) + keyBias;

    /// <summary>FFN output h·(V + ΔV) + b_v from hidden activations h: (N, d).</summary>
    public Tensor ValueOutput(Tensor hidden, Tensor? valueUpdate = null) =>
        hidden.matmul(valueUpdate is null ? Value : Value + valueUpdate) + valueBias;

    /// <summary>The layer under an update (patches are not part of it: these editors work on an unpatched model).</summary>
    public Tensor Forward(Tensor query, WeightUpdate? update = null) =>
        ValueOutput(Activation.Apply(KeyOutput(query, update?.Key)), update?.Value);

    /// <summary>Adds the update to the model's weights for good.</summary>
    public void Apply(WeightUpdate update)
    {
        using var noGrad = no_grad();
        key.add_(keyTransposed ? update.Key.t() : update.Key);
        value.add_(valueTransposed ? update.Value.t() : update.Value);
    }

    /// <summary>The update as a weight delta, in the layout the layer's modules store their weights.</summary>
    public Patch AsDelta(Guid id, WeightUpdate update) =>
        Patch.WeightDelta(id, keyTransposed ? update.Key.t() : update.Key, valueTransposed ? update.Value.t() : update.Value);

    private static bool IsKey(string name) => name.Contains("intermediate.dense") || name.Contains("mlp.c_fc");
}

/// <summary>Changes to the last feed-forward layer's key (d, m) and value (m, d).</summary>
public sealed record WeightUpdate(Tensor Key, Tensor Value);
