using System.Diagnostics;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Patching;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Benchmarks;

public sealed record OverheadReport(int Patches, int Inputs, int Rounds, double BaseSecondsMedian, double PatchedSecondsMedian)
{
    public double OverheadPercent => 100 * (PatchedSecondsMedian / BaseSecondsMedian - 1);
}

/// <summary>
/// Prediction time with and without N never-firing patches: the cost measured is the extra q·K_p on every position,
/// which is what a patched model pays everywhere.
/// </summary>
public static class InferenceOverheadBenchmark
{
    public static OverheadReport Run(IEditableModel model, IReadOnlyList<string> inputs, int patches, int rounds = 7)
    {
        var bank = model.Network.LastFeedForward.Patches;
        if (bank.Count > 0) throw new InvalidOperationException("Measure on an unpatched base model.");
        var dimension = model.Network.LastFeedForward.ModelDimension;
        double Median(Func<double> measure) => SequentialEditingRun.Percentile(Enumerable.Range(0, rounds).Select(_ => measure()).ToList(), 0.5);
        double Time() { var clock = Stopwatch.StartNew(); model.Predict(inputs); return clock.Elapsed.TotalSeconds; }

        model.Predict(inputs); // warm-up
        var baseline = Median(Time);
        for (var i = 0; i < patches; i++) bank.Add(Patch.NeverFiring(dimension));
        try
        {
            model.Predict(inputs);
            return new OverheadReport(patches, inputs.Count, rounds, baseline, Median(Time));
        }
        finally
        {
            bank.Clear();
        }
    }
}
