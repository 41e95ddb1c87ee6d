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
        BenchmarkOptions options, IProgress<BenchmarkProgress>? progress = null, CancellationToken cancellation = default) =>
        Run(editor, stream, examples, baseline, options, progress, cancellation, resumed: null, save: null);

    /// <param name="resumed">Where a stopped run of this editor and stream was (its editor already holds the edits made).</param>
    /// <param name="save">Called every <see cref="BenchmarkOptions.CheckpointEvery"/> edits with the progress so far.</param>
    internal static EditorRunResult Run(IModelEditor editor, string stream, IReadOnlyList<EditExample> examples, Baseline baseline,
        BenchmarkOptions options, IProgress<BenchmarkProgress>? progress, CancellationToken cancellation,
        StreamProgress? resumed, Action<StreamProgress>? save)
    {
        var model = editor.Model;
        var state = resumed ?? new StreamProgress
        {
            Editor = editor.Name, Stream = stream, StreamLength = examples.Count, InitialParameters = editor.ParameterCount,
            InitialMistakes = Baseline.Correct(editor.Predict, model, examples).Count(c => !c),
        };
        var edited = state.Edited.Select(i => examples[i]).ToList();
        var neighbours = new NeighbourTally(baseline.Neighbours, examples, model, state.Neighbours);
        for (var i = state.NextPosition; i < examples.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var example = examples[i];
            state.NextPosition = i + 1;
            if (model.Matches(editor.Predict([example.Input])[0], example.Target)) continue;
            var cpuBefore = ProcessCpuTime.Now();
            var outcome = editor.Edit(new EditRequest(example.Input, example.Target, Id: example.Id), cancellation: cancellation);
            state.CpuSeconds.Add((ProcessCpuTime.Now() - cpuBefore).TotalSeconds);
            edited.Add(example);
            state.Edited.Add(i);
            if (outcome.Status == EditStatus.Fixed) state.Fixed.Add(i);
            state.Seconds.Add(outcome.Duration.TotalSeconds);
            state.Patches += outcome.Patches.Count;
            var prediction = editor.Predict([example.Input])[0];
            if (outcome.Status == EditStatus.Failed)
                state.Failures.Add(new MissedExample(example.Id, example.Input, example.Target, prediction, outcome.Message));
            if (model.Matches(prediction, example.Target)) state.Succeeded++;
            neighbours.AfterEdit(example, editor.Predict);
            if (example.Paraphrases.Count > 0)
            {
                state.Generalized += Baseline.Correct(editor.Predict, model, example.Paraphrases.Select(r => example with { Input = r }).ToList()).Count(c => c);
                state.Paraphrases += example.Paraphrases.Count;
            }
            if (options.SeriesEvery > 0 && edited.Count % options.SeriesEvery == 0)
                state.Series.Add(Point(editor, edited, baseline, options.SeriesSampleSize, state));
            if (save is not null && options.CheckpointEvery > 0 && edited.Count % options.CheckpointEvery == 0)
            {
                state.Neighbours = neighbours.AfterEditTally;
                save(state);
            }
            progress?.Report(new BenchmarkProgress(editor.Name, stream, i + 1, examples.Count, edited.Count, outcome.Duration.TotalSeconds));
        }

        var trainPredictions = Baseline.Predict(editor.Predict, baseline.TrainSubset);
        var testPredictions = Baseline.Predict(editor.Predict, baseline.Test);
        neighbours.AtEnd(edited, editor.Predict);
        var (trainAfter, testAfter) = (Baseline.Correct(model, baseline.TrainSubset, trainPredictions), Baseline.Correct(model, baseline.Test, testPredictions));
        return new EditorRunResult
        {
            Editor = editor.Name, Stream = stream, StreamLength = examples.Count, InitialMistakes = state.InitialMistakes,
            Edits = edited.Count, FailedEdits = state.Failures.Count, FailedEditExamples = state.Failures,
            SR = Ratio(state.Succeeded, edited.Count), GR = Ratio(state.Generalized, state.Paraphrases),
            ER = Ratio(Baseline.Correct(editor.Predict, model, edited).Count(c => c), edited.Count),
            TrainR = Baseline.RetainRate(baseline.TrainCorrect, trainAfter), TestR = Baseline.RetainRate(baseline.TestCorrect, testAfter),
            NR = neighbours.AfterEditRate, NREnd = neighbours.AtEndRate,
            NRNotWrong = neighbours.AfterEditNotWrongRate, NREndNotWrong = neighbours.AtEndNotWrongRate, NeighbourChecks = neighbours.AfterEditChecks, ChangedNeighbours = neighbours.Changes,
            PatchesAdded = state.Patches, GrowthPercent = 100.0 * (editor.ParameterCount - state.InitialParameters) / state.InitialParameters,
            EditSecondsMedian = Percentile(state.Seconds, 0.5), EditSecondsP95 = Percentile(state.Seconds, 0.95),
            EditSeconds = state.Seconds, EditTimeBlocks = EditTimeBlock.Of(state.Seconds),
            EditCpuSecondsMedian = Percentile(state.CpuSeconds, 0.5), EditCpuSecondsP95 = Percentile(state.CpuSeconds, 0.95), EditCpuSeconds = state.CpuSeconds,
            TrainTokenAccuracyBefore = baseline.TrainTokenAccuracy, TestTokenAccuracyBefore = baseline.TestTokenAccuracy,
            TrainTokenAccuracyAfter = model.TeacherForcedAccuracy(Baseline.Pairs(baseline.TrainSubset)),
            TestTokenAccuracyAfter = model.TeacherForcedAccuracy(Baseline.Pairs(baseline.Test)),
            Series = state.Series,
            ForgottenTrain = Forgotten(baseline.TrainSubset, trainPredictions, baseline.TrainCorrect, trainAfter),
            ForgottenTest = Forgotten(baseline.Test, testPredictions, baseline.TestCorrect, testAfter),
        };
    }

    private static List<MissedExample> Forgotten(IReadOnlyList<EditExample> examples, IReadOnlyList<string> predictions, bool[] before, bool[] after) =>
        examples.Select((e, i) => (e, i)).Where(x => before[x.i] && !after[x.i])
            .Select(x => new MissedExample(x.e.Id, x.e.Input, x.e.Target, predictions[x.i])).ToList();

    private static SeriesPoint Point(IModelEditor editor, List<EditExample> edited, Baseline baseline, int sample, StreamProgress state)
    {
        var model = editor.Model;
        var train = Enumerable.Range(0, Math.Min(sample, baseline.TrainSubset.Count)).ToArray();
        var test = Enumerable.Range(0, Math.Min(sample, baseline.Test.Count)).ToArray();
        var trainNow = Baseline.Correct(editor.Predict, model, train.Select(i => baseline.TrainSubset[i]).ToList());
        var testNow = Baseline.Correct(editor.Predict, model, test.Select(i => baseline.Test[i]).ToList());
        return new SeriesPoint(edited.Count, Ratio(state.Succeeded, edited.Count), Ratio(state.Generalized, state.Paraphrases),
            Ratio(Baseline.Correct(editor.Predict, model, edited.TakeLast(sample).ToList()).Count(c => c), Math.Min(sample, edited.Count)),
            Baseline.RetainRate(train.Select(i => baseline.TrainCorrect[i]).ToArray(), trainNow),
            Baseline.RetainRate(test.Select(i => baseline.TestCorrect[i]).ToArray(), testNow), state.Patches, editor.ParameterCount);
    }

    private static double Ratio(int hits, int total) => total == 0 ? double.NaN : hits / (double)total;

    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }
}
