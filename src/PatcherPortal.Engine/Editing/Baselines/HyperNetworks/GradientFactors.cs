using PatcherPortal.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace PatcherPortal.Engine.Editing.Baselines.HyperNetworks;

/// <summary>
/// The edit loss's gradient on the last feed-forward layer at the edit's own rows, kept as its rank-1 factors: for each
/// row, the layer input u and the gradient δ at the layer output, so ∇W = Σ uᵀδ (MEND, section 3.1). Key: u = q (d),
/// δ = ∂L/∂z (m); value: u = h = act(z) (m), δ = ∂L/∂FFN(q) (d). All detached.
/// </summary>
public sealed record GradientFactors(Tensor KeyInput, Tensor KeyDelta, Tensor ValueInput, Tensor ValueDelta) : IDisposable
{
    public static GradientFactors At(IEditableModel model, FeedForwardWeights weights, EditRows rows)
    {
        using var scope = NewDisposeScope();
        var primary = (int)rows.PrimaryRows;
        var query = rows.Query[..primary].detach();
        var z = weights.KeyOutput(query).detach().requires_grad_();
        var hidden = weights.Activation.Apply(z);
        var output = weights.ValueOutput(hidden);
        var logits = model.Network.ForwardFromLastFeedForward(rows.Residual[..primary].detach(), output);
        var loss = F.cross_entropy(logits, rows.Targets[..primary]);
        var gradients = autograd.grad([loss], [z, output]);
        return new GradientFactors(query.MoveToOuterDisposeScope(), gradients[0].detach().MoveToOuterDisposeScope(),
            hidden.detach().MoveToOuterDisposeScope(), gradients[1].detach().MoveToOuterDisposeScope());
    }

    /// <summary>∇K (d, m) and ∇V (m, d) summed over rows.</summary>
    public Tensor KeyGradient => KeyInput.t().matmul(KeyDelta);
    public Tensor ValueGradient => ValueInput.t().matmul(ValueDelta);

    /// <summary>What the edit asks, in the model's own terms: where the input sits at the layer (mean query) and which way the
    /// output must move (mean output gradient, unit length). KE's encoder reads this.</summary>
    public Tensor Condition => cat([KeyInput.mean([0]), F.normalize(ValueDelta.mean([0]), dim: 0)], 0);

    public void Dispose()
    {
        KeyInput.Dispose();
        KeyDelta.Dispose();
        ValueInput.Dispose();
        ValueDelta.Dispose();
    }
}
