using PatcherPortal.Engine.Benchmarks;
using PatcherPortal.Engine.Tests.Editing;

namespace PatcherPortal.Engine.Tests.Benchmarks;

public sealed class InferenceOverheadBenchmarkTests
{
    [Fact]
    public void Times_base_and_patched_rounds_in_pairs_and_leaves_the_model_unpatched_with_the_same_answers()
    {
        var model = TinyEditables.Generator();
        using var owner = model.LanguageModel;
        var inputs = TinyEditables.Questions(TinyEditables.Known.Take(4)).Select(q => q.Input).ToList();
        var before = model.Predict(inputs);

        var report = InferenceOverheadBenchmark.Run(model, inputs, patches: 50, rounds: 3, batchSize: 2);

        Assert.Equal(3, report.BaseSeconds.Count);
        Assert.Equal(3, report.PatchedSeconds.Count);
        Assert.All(report.BaseSeconds.Concat(report.PatchedSeconds), seconds => Assert.True(seconds > 0));
        Assert.Equal(3, report.BaseCpuSeconds.Count);
        Assert.Equal(3, report.PatchedCpuSeconds.Count);
        Assert.True(report.BaseCpuSeconds.Sum() > 0, "predicting takes CPU time");
        Assert.Equal(0, model.Network.LastFeedForward.Patches.Count);
        Assert.Equal(before, model.Predict(inputs));
    }

    [Fact]
    public void Overhead_is_the_median_of_the_rounds_ratios()
    {
        var report = new OverheadReport(1000, 8, 8, [1.0, 2.0, 1.0], [1.1, 2.0, 1.3]);

        Assert.Equal(10, report.OverheadPercent, 6);
        Assert.Equal(0, report.FastestOverheadPercent - 10, 6);
    }

    [Fact]
    public void Cpu_overhead_is_the_median_of_the_rounds_cpu_time_ratios_whatever_the_waiting()
    {
        var report = new OverheadReport(1000, 8, 8, [1.0, 9.0, 1.0], [1.5, 1.0, 1.5]) { BaseCpuSeconds = [1.0, 1.0, 1.0], PatchedCpuSeconds = [1.02, 1.05, 1.5] };

        Assert.Equal(5, report.CpuOverheadPercent, 6);
    }
}
