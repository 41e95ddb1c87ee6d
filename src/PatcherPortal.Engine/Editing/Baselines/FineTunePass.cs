using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Models;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.Baselines;

/// <summary>One fine-tuning edit's forward passes under the current weights: the edit's rows and the KL term.</summary>
internal abstract class FineTunePass : IDisposable
{
    protected const int ChunkSize = 64;

    public static FineTunePass Create(FineTuneScope scope, IEditableModel model, EditRequest request) =>
        scope == FineTuneScope.Last ? new LastLayerPass(model, request) : new FullModelPass(model, request);

    /// <summary>Logits (N, outputs) at the rows deciding the target for the edit's input and paraphrases, and the targets (N).</summary>
    public abstract (Tensor Logits, Tensor Targets) EditLogits();

    /// <summary>The KL term on these memory examples, with f_before = the model as it is now.</summary>
    public abstract LocalityTerm Locality(IReadOnlyList<LabelledInput> examples);

    public virtual void Dispose() { }
}

internal abstract class LocalityTerm : IDisposable
{
    /// <summary>Backpropagates weight · KL(f_before ‖ f_now), averaged over rows; returns the KL.</summary>
    public abstract double Backward(double weight);

    public abstract void Dispose();

    protected static Tensor KlSum(Tensor logProbsBefore, Tensor logitsNow) =>
        (logProbsBefore.exp() * (logProbsBefore - logitsNow.log_softmax(-1))).sum();
}

/// <summary>
/// FT(last): nothing below the last feed-forward layer changes, so its residual and query are computed once per edit
/// and each step runs only that layer (with gradients into its weights) and the position-wise head.
/// </summary>
internal sealed class LastLayerPass(IEditableModel model, EditRequest request) : FineTunePass
{
    private readonly EditRows rows = model.Locate(request.AllInputs, request.Target);

    public override (Tensor Logits, Tensor Targets) EditLogits() => (Logits(rows.Residual, rows.Query), rows.Targets);

    public override LocalityTerm Locality(IReadOnlyList<LabelledInput> examples)
    {
        using var scope = NewDisposeScope();
        var parts = examples.GroupBy(e => e.Target)
            .SelectMany(g => g.Chunk(ChunkSize).Select(chunk => model.Locate(chunk.Select(e => e.Input).ToList(), g.Key))).ToList();
        var residual = cat(parts.Select(p => p.Residual).ToList(), 0);
        var query = cat(parts.Select(p => p.Query).ToList(), 0);
        using var noGrad = no_grad();
        var before = Logits(residual, query).log_softmax(-1);
        return new Term(this, residual.MoveToOuterDisposeScope(), query.MoveToOuterDisposeScope(), before.MoveToOuterDisposeScope());
    }

    public override void Dispose() => rows.Dispose();

    private Tensor Logits(Tensor residual, Tensor query) =>
        model.Network.ForwardFromLastFeedForward(residual, model.Network.LastFeedForward.Forward(query));

    private sealed class Term(LastLayerPass pass, Tensor residual, Tensor query, Tensor before) : LocalityTerm
    {
        public override double Backward(double weight)
        {
            using var scope = NewDisposeScope();
            var kl = KlSum(before, pass.Logits(residual, query)) / before.shape[0];
            (weight * kl).backward();
            return kl.item<float>();
        }

        public override void Dispose()
        {
            residual.Dispose();
            query.Dispose();
            before.Dispose();
        }
    }
}

/// <summary>FT(all): every step is a full forward pass; the KL batch runs in chunks whose gradients accumulate.</summary>
internal sealed class FullModelPass(IEditableModel model, EditRequest request) : FineTunePass
{
    private readonly List<LabelledInput> edit = request.AllInputs.Select(i => new LabelledInput(i, request.Target)).ToList();

    public override (Tensor Logits, Tensor Targets) EditLogits() => model.RowLogits(edit);

    public override LocalityTerm Locality(IReadOnlyList<LabelledInput> examples)
    {
        var chunks = examples.Chunk(ChunkSize).Select(c => (IReadOnlyList<LabelledInput>)c).ToList();
        var before = new List<Tensor>();
        using var noGrad = no_grad();
        foreach (var chunk in chunks)
        {
            using var scope = NewDisposeScope();
            before.Add(model.RowLogits(chunk).Logits.log_softmax(-1).MoveToOuterDisposeScope());
        }
        return new Term(model, chunks, before);
    }

    private sealed class Term(IEditableModel model, List<IReadOnlyList<LabelledInput>> chunks, List<Tensor> before) : LocalityTerm
    {
        public override double Backward(double weight)
        {
            var rows = before.Sum(b => b.shape[0]);
            var total = 0.0;
            foreach (var (chunk, logProbs) in chunks.Zip(before))
            {
                using var scope = NewDisposeScope();
                var kl = KlSum(logProbs, model.RowLogits(chunk).Logits) / rows;
                (weight * kl).backward();
                total += kl.item<float>();
            }
            return total;
        }

        public override void Dispose() => before.ForEach(b => b.Dispose());
    }
}
