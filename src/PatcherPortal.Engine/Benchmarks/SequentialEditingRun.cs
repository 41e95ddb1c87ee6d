using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Engine.Benchmarks;

public sealed record BenchmarkProgress(string Editor, string Stream, int Position, int StreamLength, int Edits, double LastEditSeconds);

/// <summary>
/// The paper's sequential editing pipeline (section 5.1) for one editor over one stream: walk the stream from f0,
/// edit only where the current model is wrong (eq. 1), then measure SR, GR, ER, TrainR and TestR (eq. 20-24).
/// </summary>
public static class SequentialEditingRun
{
    public static EditorRunResult Run(IModelEditor editor, string stream, IReadOnlyList<EditExample> examples, Baseline baseline,
        BenchmarkOptions options, IProgress<BenchmarkProgress>? progress = null, CancellationToken cancellation = default)
    {
        var model = editor.Model;
        var initialParameters = editor.ParameterCount;
        var initialMistakes = Baseline.Correct(editor.Predict, model, examples).Count(c => !c);
        var edited = new List<EditExample>();
        var (succeeded, patches, generalized, paraphrases) = (0, 0, 0, 0);
        var failures = new List<MissedExample>();
        var (seconds, cpuSeconds) = (new List<double>(), new List<double>());
        var series = new List<SeriesPoint>();
        var neighbours = new NeighbourTally(baseline.Neighbours, examples, model);
        for (var i = 0; i < examples.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var example = examples[i];
            if (model.Matches(editor.Predict([example.Input])[0], example.Target)) continue;
            var cpuBefore = ProcessCpuTime.Now();
            var outcome = editor.Edit(new EditRequest(example.Input, example.Target, Id: example.Id), cancellation: cancellation);
            cpuSeconds.Add((ProcessCpuTime.Now() - cpuBefore).TotalSeconds);
            edited.Add(example);
            seconds.Add(outcome.Duration.TotalSeconds);
            patches += outcome.Patches.Count;
            var prediction = editor.Predict([example.Input])[0];
            if (outcome.Status == EditStatus.Failed)
                failures.Add(new MissedExample(example.Id, example.Input, example.Target, prediction, outcome.Message));
            if (model.Matches(prediction, example.Target)) succeeded++;
            neighbours.AfterEdit(example, editor.Predict);
            if (example.Paraphrases.Count > 0)
            {
                generalized += Baseline.Correct(editor.Predict, model, example.Paraphrases.Select(r => example with { Input = r }).ToList()).Count(c => c);
                paraphrases += example.Paraphrases.Count;
            }
            if (options.SeriesEvery > 0 && edited.Count % options.SeriesEvery == 0)
                series.Add(Point(editor, edited, baseline, options.SeriesSampleSize, succeeded, generalized, paraphrases, patches));
            progress?.Report(new BenchmarkProgress(editor.Name, stream, i + 1, examples.Count, edited.Count, outcome.Duration.TotalSeconds));
        }

        var trainPredictions = Baseline.Predict(editor.Predict, baseline.TrainSubset);
        var testPredictions = Baseline.Predict(editor.Predict, baseline.Test);
        neighbours.AtEnd(edited, editor.Predict);
        var (trainAfter, testAfter) = (Baseline.Correct(model, baseline.TrainSubset, trainPredictions), Baseline.Correct(model, baseline.Test, testPredictions));
        return new EditorRunResult
        {
            Editor = editor.Name, Stream = stream, StreamLength = examples.Count, InitialMistakes = initialMistakes,
            Edits = edited.Count, FailedEdits = failures.Count, FailedEditExamples = failures,
            SR = Ratio(succeeded, edited.Count), GR = Ratio(generalized, paraphrases),
            ER = Ratio(Baseline.Correct(editor.Predict, model, edited).Count(c => c), edited.Count),
            TrainR = Baseline.RetainRate(baseline.TrainCorrect, trainAfter), TestR = Baseline.RetainRate(baseline.TestCorrect, testAfter),
            NR = neighbours.AfterEditRate, NREnd = neighbours.AtEndRate,
            NRNotWrong = neighbours.AfterEditNotWrongRate, NREndNotWrong = neighbours.AtEndNotWrongRate, NeighbourChecks = neighbours.AfterEditChecks, ChangedNeighbours = neighbours.Changes,
            PatchesAdded = patches, GrowthPercent = 100.0 * (editor.ParameterCount - initialParameters) / initialParameters,
            EditSecondsMedian = Percentile(seconds, 0.5), EditSecondsP95 = Percentile(seconds, 0.95),
            EditSeconds = seconds, EditTimeBlocks = EditTimeBlock.Of(seconds),
            EditCpuSecondsMedian = Percentile(cpuSeconds, 0.5), EditCpuSecondsP95 = Percentile(cpuSeconds, 0.95), EditCpuSeconds = cpuSeconds,
            TrainTokenAccuracyBefore = baseline.TrainTokenAccuracy, TestTokenAccuracyBefore = baseline.TestTokenAccuracy,
            TrainTokenAccuracyAfter = model.TeacherForcedAccuracy(Baseline.Pairs(baseline.TrainSubset)),
            TestTokenAccuracyAfter = model.TeacherForcedAccuracy(Baseline.Pairs(baseline.Test)),
            Series = series,
            ForgottenTrain = Forgotten(baseline.TrainSubset, trainPredictions, baseline.TrainCorrect, trainAfter),
            ForgottenTest = Forgotten(baseline.Test, testPredictions, baseline.TestCorrect, testAfter),
        };
    }

    private static List<MissedExample> Forgotten(IReadOnlyList<EditExample> examples, IReadOnlyList<string> predictions, bool[] before, bool[] after) =>
        examples.Select((e, i) => (e, i)).Where(x => before[x.i] && !after[x.i])
            .Select(x => new MissedExample(x.e.Id, x.e.Input, x.e.Target, predictions[x.i])).ToList();

    private static SeriesPoint Point(IModelEditor editor, List<EditExample> edited, Baseline baseline, int sample,
        int succeeded, int generalized, int paraphrases, int patches)
    {
        var model = editor.Model;
        var train = Enumerable.Range(0, Math.Min(sample, baseline.TrainSubset.Count)).ToArray();
        var test = Enumerable.Range(0, Math.Min(sample, baseline.Test.Count)).ToArray();
        var trainNow = Baseline.Correct(editor.Predict, model, train.Select(i => baseline.TrainSubset[i]).ToList());
        var testNow = Baseline.Correct(editor.Predict, model, test.Select(i => baseline.Test[i]).ToList());
        return new SeriesPoint(edited.Count, Ratio(succeeded, edited.Count), Ratio(generalized, paraphrases),
            Ratio(Baseline.Correct(editor.Predict, model, edited.TakeLast(sample).ToList()).Count(c => c), Math.Min(sample, edited.Count)),
            Baseline.RetainRate(train.Select(i => baseline.TrainCorrect[i]).ToArray(), trainNow),
            Baseline.RetainRate(test.Select(i => baseline.TestCorrect[i]).ToArray(), testNow), patches, editor.ParameterCount);
    }

    private static double Ratio(int hits, int total) => total == 0 ? double.NaN : hits / (double)total;

    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }
}
