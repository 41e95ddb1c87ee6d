using PatcherPortal.Engine.Datasets;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace PatcherPortal.Engine.Editing.Baselines.HyperNetworks;

/// <summary>
/// One training edit through an editor network, on rows computed once below the last feed-forward layer: the edit loss
/// after the update on the input and its paraphrases, and KL(before ‖ after) on the locality inputs.
/// </summary>
public sealed class EditLosses(IEditableModel model, FeedForwardWeights weights, EditorNetwork network)
{
    public sealed record Result(Tensor EditLoss, Tensor LocalityKl, double EditSuccess);

    public Result For(EditCase edit, bool observe)
    {
        using var rows = Rows(edit.AllInputs, edit.Target);
        using var factors = GradientFactors.At(model, weights, rows);
        if (observe) network.Observe(factors);
        var update = network.Update(factors);
        var logits = Logits(rows.Residual, rows.Query, update);
        var success = logits[..(int)rows.PrimaryRows].argmax(-1).eq(rows.Targets[..(int)rows.PrimaryRows]).all().item<bool>() ? 1.0 : 0.0;
        return new Result(F.cross_entropy(logits, rows.Targets), LocalityKl(edit.Locality, update), success);
    }

    private Tensor LocalityKl(IReadOnlyList<LabelledInput> locality, WeightUpdate update)
    {
        if (locality.Count == 0) return zeros(1).sum();
        var parts = locality.Select(l => Rows([l.Input], l.Target)).ToList();
        var residual = cat(parts.Select(p => p.Residual).ToList(), 0);
        var query = cat(parts.Select(p => p.Query).ToList(), 0);
        parts.ForEach(p => p.Dispose());
        Tensor before;
        using (no_grad()) before = Logits(residual, query, null).log_softmax(-1);
        var after = Logits(residual, query, update).log_softmax(-1);
        return (before.exp() * (before - after)).sum(-1).mean();
    }

    private Tensor Logits(Tensor residual, Tensor query, WeightUpdate? update) =>
        model.Network.ForwardFromLastFeedForward(residual, weights.Forward(query, update));

    private EditRows Rows(IReadOnlyList<string> inputs, string target)
    {
        using var noGrad = no_grad();
        return model.Locate(inputs, target);
    }
}
