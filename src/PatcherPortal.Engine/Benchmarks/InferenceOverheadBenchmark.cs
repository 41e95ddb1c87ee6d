using System.Diagnostics;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Patching;

namespace PatcherPortal.Engine.Benchmarks;

/// <summary>Per-round times of the base and the patched model, measured back to back in each round.</summary>
public sealed record OverheadReport(int Patches, int Inputs, int BatchSize, IReadOnlyList<double> BaseSeconds, IReadOnlyList<double> PatchedSeconds)
{
    /// <summary>The process's CPU time per round: on a machine shared with other work, waiting for a core does not count.</summary>
    public IReadOnlyList<double> BaseCpuSeconds { get; init; } = [];
    public IReadOnlyList<double> PatchedCpuSeconds { get; init; } = [];

    public int Rounds => BaseSeconds.Count;
    public double BaseSecondsMedian => SequentialEditingRun.Percentile(BaseSeconds, 0.5);
    public double PatchedSecondsMedian => SequentialEditingRun.Percentile(PatchedSeconds, 0.5);

    /// <summary>The median of the rounds' patched/base ratios: a load change during the run moves both halves of a round.</summary>
    public double OverheadPercent =>
        100 * (SequentialEditingRun.Percentile(BaseSeconds.Zip(PatchedSeconds, (b, p) => p / b).ToList(), 0.5) - 1);

    /// <summary>The fastest patched round over the fastest base round: each is the run least disturbed by other work.</summary>
    public double FastestOverheadPercent => 100 * (PatchedSeconds.Min() / BaseSeconds.Min() - 1);

    /// <summary>As <see cref="OverheadPercent"/>, on CPU time.</summary>
    public double CpuOverheadPercent => BaseCpuSeconds.Count == 0 ? double.NaN
        : 100 * (SequentialEditingRun.Percentile(BaseCpuSeconds.Zip(PatchedCpuSeconds, (b, p) => p / b).ToList(), 0.5) - 1);
}

/// <summary>
/// Prediction time with and without N never-firing patches: the cost measured is the extra q·K_p on every position,
/// which is what a patched model pays everywhere. Base and patched runs alternate, so drifting machine load is
/// shared by both.
/// </summary>
public static class InferenceOverheadBenchmark
{
    /// <param name="batchSize">Inputs per prediction call: 1 is a portal answering one request at a time.</param>
    public static OverheadReport Run(IEditableModel model, IReadOnlyList<string> inputs, int patches, int rounds = 7, int batchSize = 128,
        IProgress<int>? progress = null)
    {
        var bank = model.Network.LastFeedForward.Patches;
        if (bank.Count > 0) throw new InvalidOperationException("Measure on an unpatched base model.");
        var dimension = model.Network.LastFeedForward.ModelDimension;
        var batches = inputs.Chunk(batchSize).ToList();
        var process = Process.GetCurrentProcess();
        var (baseCpu, patchedCpu) = (new List<double>(), new List<double>());
        double Time(List<double>? cpu = null)
        {
            process.Refresh();
            var (clock, start) = (Stopwatch.StartNew(), process.TotalProcessorTime);
            foreach (var batch in batches) model.Predict(batch);
            process.Refresh();
            cpu?.Add((process.TotalProcessorTime - start).TotalSeconds);
            return clock.Elapsed.TotalSeconds;
        }

        var basis = new List<double>();
        var patched = new List<double>();
        Time(); // warm-up
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                basis.Add(Time(baseCpu));
                bank.AddRange(Enumerable.Range(0, patches).Select(_ => Patch.NeverFiring(dimension)));
                if (round == 0) Time(); // warm-up of the patched path
                patched.Add(Time(patchedCpu));
                bank.Clear();
                progress?.Report(round + 1);
            }
        }
        finally
        {
            bank.Clear();
        }
        return new OverheadReport(patches, inputs.Count, batchSize, basis, patched) { BaseCpuSeconds = baseCpu, PatchedCpuSeconds = patchedCpu };
    }
}
