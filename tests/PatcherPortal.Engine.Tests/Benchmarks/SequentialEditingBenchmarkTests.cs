using PatcherPortal.Engine;
using PatcherPortal.Engine.Benchmarks;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing.Baselines;
using PatcherPortal.Engine.Training;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Benchmarks;

public sealed class SequentialEditingBenchmarkTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("bench-").FullName;

    private static IEnumerable<EditExample> Claims(FactRecord f) =>
        f.Claims.Select((c, i) => new EditExample($"{f.Id}/{i}", c.Text, c.Label, c.Rephrases, []));

    /// <summary>A tiny fact checker trained on 40 facts' claims (saved to <see cref="directory"/>), edited on a stream of
    /// the other facts' claims.</summary>
    private (TaskData Data, List<EditExample> Known, List<EditExample> Stream) TinyFactCheckingTask(int streamLength)
    {
        var facts = TinyBaseModels.Facts();
        var known = facts.Take(40).SelectMany(Claims).ToList();
        var unknown = facts.Skip(40).SelectMany(Claims).ToList();
        using (var model = TinyBaseModels.FactChecker(TinyBaseModels.Claims(facts.Take(40)))) model.Save(directory);
        var stream = unknown.Take(streamLength).ToList();
        var test = unknown.Skip(streamLength).ToList();
        return (new TaskData("fc", "tiny-capital-claims", new Splits(known, [], stream, test, [stream])), known, stream);
    }

    [Fact]
    public void T_patcher_on_a_tiny_fact_checker_fixes_its_mistakes_and_keeps_what_it_knew()
    {
        var (data, _, _) = TinyFactCheckingTask(streamLength: 30);

        var report = SequentialEditingBenchmark.Run(data, directory, new BenchmarkOptions { TrainSubsetSize = 60, SeriesEvery = 3 }, CPU);

        var run = Assert.Single(report.Runs);
        Assert.Equal("T-Patcher", run.Editor);
        Assert.True(run.InitialMistakes > 0 && run.Edits > 0); // E can exceed N when an edit breaks a later example
        Assert.True(run.SR > 0 && run.SR <= 1, $"SR {run.SR}");
        Assert.True(run.TrainR >= 0.9, $"TrainR {run.TrainR}");
        Assert.Equal(run.Edits - run.FailedEdits, run.PatchesAdded);
        Assert.Equal(run.FailedEdits, run.FailedEditExamples.Count);
        Assert.True(run.GrowthPercent > 0);
        Assert.NotEmpty(run.Series);
        Assert.Equal(run.Edits, run.EditCpuSeconds.Count);
        Assert.All(run.EditCpuSeconds, s => Assert.True(s > 0, "an edit took no CPU time"));
        Assert.Contains("| T-Patcher | mean of 1 folds (failed: total) |", report.ToMarkdown());
        Assert.Contains($"memory {report.MemoryQueries:N0} queries (cap 40,000)", report.ToMarkdown());
        Assert.InRange(report.MemoryQueries, 1, 40_000);
    }

    [Fact]
    public void The_report_names_the_edits_not_made_and_the_training_examples_forgotten()
    {
        var (data, known, stream) = TinyFactCheckingTask(streamLength: 20);

        // Full fine-tuning at a large rate with one step per edit: edits fail and what the model knew is overwritten.
        var options = new BenchmarkOptions
        {
            Editors = ["ft-all"], TrainSubsetSize = 60,
            FineTune = new FineTuneOptions { LearningRate = 0.05, MaxSteps = 1 },
        };
        var report = SequentialEditingBenchmark.Run(data, directory, options, CPU);

        var run = Assert.Single(report.Runs);
        Assert.NotEmpty(run.FailedEditExamples);
        Assert.Equal(run.FailedEdits, run.FailedEditExamples.Count);
        Assert.All(run.FailedEditExamples, m => Assert.NotEqual(m.Answer, m.Prediction));
        Assert.All(run.FailedEditExamples, m => Assert.Contains(m.Input, stream.Select(e => e.Input)));
        Assert.NotEmpty(run.ForgottenTrain);
        Assert.All(run.ForgottenTrain, m => Assert.NotEqual(m.Answer, m.Prediction));
        Assert.All(run.ForgottenTrain, m => Assert.Contains(m.Input, known.Select(e => e.Input)));
        var markdown = report.ToMarkdown();
        Assert.Contains($"Edits not made: {run.FailedEdits}", markdown);
        Assert.Contains($"Training examples forgotten (what TrainR lost): {run.ForgottenTrain.Count}", markdown);
        Assert.Contains($"\"{run.ForgottenTrain[0].Input}\" answers \"{run.ForgottenTrain[0].Prediction}\"", markdown);
    }

    [Fact]
    public void A_stopped_benchmark_resumes_from_its_checkpoint_and_ends_as_an_uninterrupted_one_does()
    {
        var (data, _, _) = TinyFactCheckingTask(streamLength: 30);
        var options = new BenchmarkOptions { TrainSubsetSize = 60, SeriesEvery = 3 };
        var whole = Assert.Single(SequentialEditingBenchmark.Run(data, directory, options, CPU).Runs);
        Assert.True(whole.Edits > 6, $"only {whole.Edits} edits: too few to stop in between");

        var checkpointed = options with { Checkpoint = Path.Combine(directory, "checkpoint"), CheckpointEvery = 2 };
        using var stop = new CancellationTokenSource();
        var stopAfterFive = new InlineProgress<BenchmarkProgress>(p => { if (p.Edits == 5) stop.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => SequentialEditingBenchmark.Run(data, directory, checkpointed, CPU, stopAfterFive, cancellation: stop.Token));
        var statuses = new List<string>();
        var resumed = Assert.Single(SequentialEditingBenchmark.Run(data, directory, checkpointed, CPU, status: statuses.Add).Runs);

        Assert.Contains(statuses, s => s.Contains("resumed at example") && s.Contains("(4 edits made before)"));
        Assert.Equal(Figures(whole), Figures(resumed));
        Assert.Equal(whole.Series, resumed.Series);
        Assert.Equal(whole.EditSeconds.Count, resumed.EditSeconds.Count);

        statuses.Clear();
        var again = Assert.Single(SequentialEditingBenchmark.Run(data, directory, checkpointed, CPU, status: statuses.Add).Runs);
        Assert.Contains(statuses, s => s.Contains("finished before"));
        Assert.Equal(Figures(resumed), Figures(again));
    }

    [Fact]
    public void A_checkpoint_is_never_resumed_by_a_benchmark_with_other_options()
    {
        var (data, _, _) = TinyFactCheckingTask(streamLength: 10);
        var checkpoint = Path.Combine(directory, "checkpoint");
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => SequentialEditingBenchmark.Run(data, directory,
            new BenchmarkOptions { TrainSubsetSize = 60, Checkpoint = checkpoint }, CPU, cancellation: stopped.Token));

        var refused = Assert.Throws<InvalidOperationException>(() => SequentialEditingBenchmark.Run(data, directory,
            new BenchmarkOptions { TrainSubsetSize = 60, MemorySize = 100, Checkpoint = checkpoint }, CPU));
        Assert.Contains("belongs to a benchmark with other data, model or options", refused.Message);
    }

    private static object Figures(EditorRunResult run) => new
    {
        run.Edits, run.FailedEdits, run.PatchesAdded, run.SR, run.GR, run.ER, run.TrainR, run.TestR, run.NR, run.NREnd, run.NeighbourChecks,
        run.InitialMistakes, run.GrowthPercent,
    };

    [Fact]
    public void Retain_rates_divide_what_the_final_model_gets_right_by_what_the_initial_model_got_right()
    {
        Assert.Equal(0.5, Baseline.RetainRate([true, true, false, false], [true, false, false, false]));
        Assert.Equal(1.5, Baseline.RetainRate([true, true, false, false], [true, true, true, false]));
        Assert.True(double.IsNaN(Baseline.RetainRate([false], [true])));
    }

    [Fact]
    public void The_share_kept_counts_only_answers_the_initial_model_got_right_so_new_right_answers_do_not_offset_forgotten_ones()
    {
        Assert.Equal(0.5, Baseline.KeptRate([true, true, false, false], [true, false, true, true]));
        Assert.Equal(1.0, Baseline.KeptRate([true, true, false, false], [true, true, true, false]));
        Assert.True(double.IsNaN(Baseline.KeptRate([false], [true])));
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
