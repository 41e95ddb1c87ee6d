using System.Globalization;
using System.Text;

namespace PatcherPortal.Engine.Benchmarks;

public sealed record BenchmarkReport(string Task, string Dataset, string ModelDirectory, DateTime StartedAt, TimeSpan Duration,
    BenchmarkOptions Options, string Device, int ProcessorCount, IReadOnlyList<EditorRunResult> Runs, long MemoryQueries)
{
    /// <summary>Fold runs averaged per editor (the paper's table 1); the single stream is listed on its own (table 2).</summary>
    public IReadOnlyList<EditorRunResult> FoldAverages => Runs.Where(r => r.Stream != SequentialEditingBenchmark.SingleStreamName)
        .GroupBy(r => r.Editor).Select(g => new EditorRunResult
        {
            Editor = g.Key, Stream = $"mean of {g.Count()} folds (failed: total)",
            StreamLength = (int)g.Average(r => r.StreamLength), InitialMistakes = (int)Math.Round(g.Average(r => r.InitialMistakes)),
            Edits = (int)Math.Round(g.Average(r => r.Edits)), FailedEdits = g.Sum(r => r.FailedEdits),
            SR = Mean(g, r => r.SR), GR = Mean(g, r => r.GR), ER = Mean(g, r => r.ER), TrainR = Mean(g, r => r.TrainR), TestR = Mean(g, r => r.TestR),
            NR = Mean(g, r => r.NR), NREnd = Mean(g, r => r.NREnd), NRNotWrong = Mean(g, r => r.NRNotWrong), NREndNotWrong = Mean(g, r => r.NREndNotWrong), NeighbourChecks = g.Sum(r => r.NeighbourChecks),
            PatchesAdded = (int)Math.Round(g.Average(r => r.PatchesAdded)), GrowthPercent = Mean(g, r => r.GrowthPercent),
            EditSecondsMedian = Mean(g, r => r.EditSecondsMedian), EditSecondsP95 = Mean(g, r => r.EditSecondsP95),
            EditCpuSecondsMedian = Mean(g, r => r.EditCpuSecondsMedian), EditCpuSecondsP95 = Mean(g, r => r.EditCpuSecondsP95),
            TrainTokenAccuracyBefore = Mean(g, r => r.TrainTokenAccuracyBefore), TrainTokenAccuracyAfter = Mean(g, r => r.TrainTokenAccuracyAfter),
            TestTokenAccuracyBefore = Mean(g, r => r.TestTokenAccuracyBefore), TestTokenAccuracyAfter = Mean(g, r => r.TestTokenAccuracyAfter),
        }).ToList();

    private static double Mean(IEnumerable<EditorRunResult> runs, Func<EditorRunResult, double> metric) =>
        runs.Select(metric).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Average();

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {Dataset} ({Task}), {Device}, {ProcessorCount} cores, memory {MemoryQueries:N0} queries (cap {Options.MemorySize:N0}), {Duration:hh\\:mm\\:ss}");
        text.AppendLine();
        text.AppendLine("| editor | stream | SR | GR | ER | TrainR | TestR | NR | NR end | NR not wrong | NR end not wrong | neighbour checks | E | N | failed | patches | growth % | edit s median | edit s p95 | edit CPU s median | edit CPU s p95 | token acc. train before→after | token acc. test before→after |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in FoldAverages.Concat(Runs.Where(r => r.Stream == SequentialEditingBenchmark.SingleStreamName)))
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Editor} | {r.Stream} | {r.SR:F3} | {r.GR:F3} | {r.ER:F3} | {r.TrainR:F3} | {r.TestR:F3} | {r.NR:F3} | {r.NREnd:F3} | {r.NRNotWrong:F3} | {r.NREndNotWrong:F3} | {r.NeighbourChecks} | {r.Edits} | {r.InitialMistakes} | {r.FailedEdits} | {r.PatchesAdded} | {r.GrowthPercent:F3} | {r.EditSecondsMedian:F2} | {r.EditSecondsP95:F2} | {r.EditCpuSecondsMedian:F2} | {r.EditCpuSecondsP95:F2} | {r.TrainTokenAccuracyBefore:F3}→{r.TrainTokenAccuracyAfter:F3} | {r.TestTokenAccuracyBefore:F3}→{r.TestTokenAccuracyAfter:F3} |");
        AppendEditTimeBlocks(text);
        AppendMissed(text, "Edits not made", r => r.FailedEditExamples);
        AppendMissed(text, "Training examples forgotten (what TrainR lost)", r => r.ForgottenTrain);
        AppendChangedNeighbours(text);
        return text.ToString();
    }

    private void AppendChangedNeighbours(StringBuilder text)
    {
        var all = Runs.SelectMany(r => r.ChangedNeighbours.Select(c => (Run: r, Change: c))).ToList();
        if (all.Count == 0) return;
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Neighbours changed (what NR and NR end lost): {all.Count}");
        foreach (var (run, c) in all.Take(MissedListed))
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- {run.Editor}, {run.Stream}: after \"{c.EditInput}\", \"{c.Input}\" answers \"{c.After}\", not \"{c.Before}\" ({(c.AtEnd ? "at the end of the stream" : "right after the edit")}{(c.ToDatasetAnswer ? ", now the dataset's answer" : "")})");
        if (all.Count > MissedListed) text.AppendLine(CultureInfo.InvariantCulture, $"- and {all.Count - MissedListed} more in the JSON report");
    }

    /// <summary>Only streams long enough for the trend to matter: more than one block.</summary>
    private void AppendEditTimeBlocks(StringBuilder text)
    {
        foreach (var run in Runs.Where(r => r.EditTimeBlocks.Count > 1))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Edit time per block of {EditTimeBlock.DefaultSize} edits, {run.Editor}, {run.Stream}:");
            text.AppendLine();
            text.AppendLine("| edits | median s | p95 s |");
            text.AppendLine("|---|---|---|");
            foreach (var b in run.EditTimeBlocks)
                text.AppendLine(CultureInfo.InvariantCulture, $"| {b.First}-{b.Last} | {b.MedianSeconds:F2} | {b.P95Seconds:F2} |");
        }
    }

    private const int MissedListed = 20;

    private void AppendMissed(StringBuilder text, string title, Func<EditorRunResult, IReadOnlyList<MissedExample>> missed)
    {
        var all = Runs.SelectMany(r => missed(r).Select(m => (Run: r, Missed: m))).ToList();
        if (all.Count == 0) return;
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{title}: {all.Count}");
        foreach (var (run, m) in all.Take(MissedListed))
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- {run.Editor}, {run.Stream}: \"{m.Input}\" answers \"{m.Prediction}\", not \"{m.Answer}\"{(m.Reason is null ? "" : $" ({m.Reason})")}");
        if (all.Count > MissedListed) text.AppendLine(CultureInfo.InvariantCulture, $"- and {all.Count - MissedListed} more in the JSON report");
    }
}
