using PatcherPortal.Engine.Benchmarks;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Training;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Benchmarks;

public sealed class SequentialEditingBenchmarkTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("bench-").FullName;

    private static IEnumerable<EditExample> Claims(FactRecord f) =>
        f.Claims.Select((c, i) => new EditExample($"{f.Id}/{i}", c.Text, c.Label, c.Rephrases, []));

    [Fact]
    public void T_patcher_on_a_tiny_fact_checker_fixes_its_mistakes_and_keeps_what_it_knew()
    {
        var facts = TinyBaseModels.Facts();
        var known = facts.Take(40).SelectMany(Claims).ToList();
        var unknown = facts.Skip(40).SelectMany(Claims).ToList();
        using (var model = TinyBaseModels.FactChecker(TinyBaseModels.Claims(facts.Take(40)))) model.Save(directory);
        var stream = unknown.Take(30).ToList();
        var data = new TaskData("fc", "tiny-capital-claims", new Splits(known, [], stream, unknown.Skip(30).ToList(), [stream]));

        var report = SequentialEditingBenchmark.Run(data, directory, new BenchmarkOptions { TrainSubsetSize = 60, SeriesEvery = 3 }, CPU);

        var run = Assert.Single(report.Runs);
        Assert.Equal("T-Patcher", run.Editor);
        Assert.True(run.InitialMistakes > 0 && run.Edits > 0); // E can exceed N when an edit breaks a later example
        Assert.True(run.SR > 0 && run.SR <= 1, $"SR {run.SR}");
        Assert.True(run.TrainR >= 0.9, $"TrainR {run.TrainR}");
        Assert.Equal(run.Edits - run.FailedEdits, run.PatchesAdded);
        Assert.True(run.GrowthPercent > 0);
        Assert.NotEmpty(run.Series);
        Assert.Contains("| T-Patcher | mean of 1 folds |", report.ToMarkdown());
        Assert.Contains($"memory {report.MemoryQueries:N0} queries (cap 40,000)", report.ToMarkdown());
        Assert.InRange(report.MemoryQueries, 1, 40_000);
    }

    [Fact]
    public void Retain_rates_divide_what_the_final_model_gets_right_by_what_the_initial_model_got_right()
    {
        Assert.Equal(0.5, Baseline.RetainRate([true, true, false, false], [true, false, false, false]));
        Assert.Equal(1.5, Baseline.RetainRate([true, true, false, false], [true, true, true, false]));
        Assert.True(double.IsNaN(Baseline.RetainRate([false], [true])));
    }

    [Fact]
    public void Edit_time_percentiles_use_the_nearest_rank()
    {
        double[] seconds = [5, 1, 4, 2, 3];
        Assert.Equal(3, SequentialEditingRun.Percentile(seconds, 0.5));
        Assert.Equal(5, SequentialEditingRun.Percentile(seconds, 0.95));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
