using PatcherPortal.Engine.Datasets;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing;

/// <summary>
/// How rephrasing moves a query at the patched layer, read off training examples that come with paraphrases:
/// q(paraphrase) - q(original) at each row deciding the same answer. Added to the edit's noisy copies, these teach a
/// patch to fire on the edit's own (unseen) paraphrases rather than only on its exact wording.
/// </summary>
public static class ParaphraseShifts
{
    /// <summary>(S, 2, d): each shift's origin query and the shift itself.</summary>
    public static Tensor Compute(IEditableModel model, IEnumerable<EditExample> examples, int maxExamples, int seed)
    {
        using var scope = NewDisposeScope();
        var withParaphrases = examples.Where(e => e.Paraphrases.Count > 0).ToList();
        var random = new Random(seed);
        var chosen = withParaphrases.OrderBy(_ => random.Next()).Take(maxExamples);
        var shifts = new List<Tensor>();
        foreach (var example in chosen)
        {
            using var rows = model.Locate([example.Input, .. example.Paraphrases], example.Target);
            var n = rows.PrimaryRows;
            if (rows.Count % n != 0) continue;
            var grouped = rows.Query.reshape(-1, n, rows.Query.shape[1]);     // (1 + R, n, d)
            var origin = grouped[..1].expand(grouped.shape[0] - 1, -1, -1);
            shifts.Add(stack([origin, grouped[1..] - grouped[..1]], 2).reshape(-1, 2, rows.Query.shape[1])); // (R·n, 2, d)
        }
        var d = model.Network.LastFeedForward.ModelDimension;
        return (shifts.Count == 0 ? zeros(0, 2, d) : cat(shifts, 0)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A centered key starts at pre-activation 1 on q_e and 1 - margin at the memory mean, so a paraphrase that moves
    /// the query a fraction r of the way to the mean (its reach) starts at 1 - margin·r. Each patch gets the steepest
    /// margin (at most <see cref="PatcherOptions.MaxKeyMargin"/>) that keeps <paramref name="quantile"/> of the reaches
    /// among its <paramref name="nearest"/> shifts (n, k), each measured against its own origin, on the firing side:
    /// the steeper the start, the less the key rotates towards the edit's neighbours in training.
    /// </summary>
    public static Tensor KeyMargins(Tensor shifts, Tensor memoryMean, Tensor nearest, double quantile)
    {
        using var scope = NewDisposeScope();
        var origins = shifts[.., 0] - memoryMean;                                                       // (S, d)
        var reach = -(shifts[.., 1] * origins).sum(-1) / origins.pow(2).sum(-1);                        // (S)
        var sorted = reach.index_select(0, nearest.flatten()).reshape(nearest.shape).sort(1).Values;     // (n, k)
        var r = sorted[.., (int)Math.Round((sorted.shape[1] - 1) * quantile)];                          // (n)
        return (1 / r.clamp_min(1e-6)).clamp(1, PatcherOptions.MaxKeyMargin).MoveToOuterDisposeScope();
    }
}
