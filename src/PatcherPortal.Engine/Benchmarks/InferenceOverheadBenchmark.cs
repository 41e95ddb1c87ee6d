using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Patching;

namespace PatcherPortal.Engine.Benchmarks;

/// <summary>Per-round CPU seconds of the base and the patched model, measured back to back in each round.</summary>
public sealed record OverheadReport(int Patches, int Inputs, int BatchSize, IReadOnlyList<double> BaseSeconds, IReadOnlyList<double> PatchedSeconds)
{
    public int Rounds => BaseSeconds.Count;
    public double BaseSecondsMedian => SequentialEditingRun.Percentile(BaseSeconds, 0.5);
    public double PatchedSecondsMedian => SequentialEditingRun.Percentile(PatchedSeconds, 0.5);

    /// <summary>Each round's patched/base ratio less one, in percent, sorted.</summary>
    public IReadOnlyList<double> RoundOverheadsPercent => BaseSeconds.Zip(PatchedSeconds, (b, p) => 100 * (p / b - 1)).Order().ToList();

    /// <summary>The median of the rounds' ratios: a load change during the run moves both halves of a round.</summary>
    public double OverheadPercent => SequentialEditingRun.Percentile(RoundOverheadsPercent, 0.5);

    /// <summary>The middle half of the rounds' overheads: how far one round's figure is from another's.</summary>
    public (double Low, double High) InterquartileOverheadPercent =>
        (SequentialEditingRun.Percentile(RoundOverheadsPercent, 0.25), SequentialEditingRun.Percentile(RoundOverheadsPercent, 0.75));

    /// <summary>The fastest patched round over the fastest base round: each is the run least disturbed by other work.</summary>
    public double FastestOverheadPercent => 100 * (PatchedSeconds.Min() / BaseSeconds.Min() - 1);
}

/// <summary>
/// Prediction cost with and without N never-firing patches: the cost measured is the extra q·K_p on every position,
/// which is what a patched model pays everywhere. Each round times both, in alternating order (base first, then
/// patched first), in this process's CPU seconds: on a shared machine wall time measures the queue for the cores,
/// and drifting load or a warm cache is shared by both halves.
/// </summary>
public static class InferenceOverheadBenchmark
{
    /// <param name="batchSize">Inputs per prediction call: 1 is a portal answering one request at a time.</param>
    /// <param name="afterRound">Called with the figures so far after each round.</param>
    public static OverheadReport Run(IEditableModel model, IReadOnlyList<string> inputs, int patches, int rounds = 7, int batchSize = 128,
        Action<OverheadReport>? afterRound = null)
    {
        var bank = model.Network.LastFeedForward.Patches;
        if (bank.Count > 0) throw new InvalidOperationException("Measure on an unpatched base model.");
        var dimension = model.Network.LastFeedForward.ModelDimension;
        var batches = inputs.Chunk(batchSize).ToList();
        double Time() => Cost.Of(() => { foreach (var batch in batches) model.Predict(batch); }).CpuSeconds;
        double TimePatched()
        {
            bank.AddRange(Enumerable.Range(0, patches).Select(_ => Patch.NeverFiring(dimension)));
            try { return Time(); }
            finally { bank.Clear(); }
        }

        var basis = new List<double>();
        var patched = new List<double>();
        Time(); // warm-up of both paths
        TimePatched();
        for (var round = 0; round < rounds; round++)
        {
            if (round % 2 == 0)
            {
                basis.Add(Time());
                patched.Add(TimePatched());
            }
            else
            {
                patched.Add(TimePatched());
                basis.Add(Time());
            }
            afterRound?.Invoke(new OverheadReport(patches, inputs.Count, batchSize, basis.ToList(), patched.ToList()));
        }
        return new OverheadReport(patches, inputs.Count, batchSize, basis, patched);
    }
}
