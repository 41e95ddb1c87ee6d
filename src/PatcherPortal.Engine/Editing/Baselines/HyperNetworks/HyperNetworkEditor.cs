using System.Diagnostics;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.Baselines.HyperNetworks;

/// <summary>
/// Edits with a trained MEND or KE network: one gradient of the edit loss at the edit's rows, one pass of the network,
/// and its update added to the last feed-forward layer's weights for good (no steps, no retry: the editors are one-shot).
/// With <see cref="AsPatches"/> the update is a weight delta in the layer's patch bank instead, removable like a patch.
/// </summary>
public sealed class HyperNetworkEditor : IModelEditor
{
    private readonly EditorNetwork network;
    private readonly FeedForwardWeights weights;

    public HyperNetworkEditor(IEditableModel model, EditorNetwork network)
    {
        Model = model;
        this.network = network;
        weights = new FeedForwardWeights(model);
        network.eval();
    }

    public static HyperNetworkEditor Load(IEditableModel model, string directory, string kind) =>
        new(model, TrainedEditor.Load(directory, model, kind).Network);

    public string Name => network.Kind.ToUpperInvariant();
    /// <summary>Each fixing update becomes a weight-delta patch (the outcome's); a failing one is taken back, so a failed
    /// edit changes nothing. Otherwise updates are added to the weights for good, failed ones too, as the methods do.</summary>
    public bool AsPatches { get; init; }
    public IEditableModel Model { get; }
    public long ParameterCount => Model.BaseParameterCount;

    public IReadOnlyList<string> Predict(IReadOnlyList<string> inputs) => Model.Predict(inputs);

    public EditOutcome Edit(EditRequest request, IProgress<EditProgress>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        Model.Module.eval();
        EditRows rows;
        using (no_grad()) rows = Model.Locate(request.AllInputs, request.Target);
        using (rows)
        {
            if (Correct(rows)) return new EditOutcome(EditStatus.AlreadyCorrect, clock.Elapsed, 0, "The model already gives this answer.");
            using var factors = GradientFactors.At(Model, weights, rows);
            WeightUpdate update;
            using (no_grad()) update = network.Update(factors);
            Model.Module.zero_grad(set_to_none: true);
            if (AsPatches) return EditAsPatch(update, rows, clock);
            using (no_grad()) weights.Apply(update);
            var fixedNow = Correct(rows);
            return new EditOutcome(fixedNow ? EditStatus.Fixed : EditStatus.Failed, clock.Elapsed, 1,
                fixedNow ? $"Fixed by {Name} in one update." : $"{Name}'s update did not give the answer; it stays applied, as the method does.");
        }
    }

    private EditOutcome EditAsPatch(WeightUpdate update, EditRows rows, Stopwatch clock)
    {
        var delta = weights.AsDelta(Guid.NewGuid(), update);
        var bank = Model.Network.LastFeedForward.Patches;
        bank.Add(delta);
        if (!Correct(rows))
        {
            bank.Remove(delta.Id);
            return new EditOutcome(EditStatus.Failed, clock.Elapsed, 1, $"{Name}'s update did not give the answer; the model is unchanged.");
        }
        var applied = bank.Deltas[^1];
        return new EditOutcome(EditStatus.Fixed, clock.Elapsed, 1, $"Fixed by {Name} in one update of the last feed-forward layer's weights.")
        {
            Patches = [applied],
            PatchStatistics = [new PatchStatistics(applied.Id, 0, 0, null)],
        };
    }

    private bool Correct(EditRows rows)
    {
        using var noGrad = no_grad();
        var primary = (int)rows.PrimaryRows;
        var logits = Model.Network.ForwardFromLastFeedForward(rows.Residual[..primary], Model.Network.LastFeedForward.Forward(rows.Query[..primary]));
        return logits.argmax(-1).eq(rows.Targets[..primary]).all().item<bool>();
    }

    public void Dispose() => network.Dispose();
}
