using System.Globalization;
using System.Text;
using PatcherPortal.Engine.Training;

namespace PatcherPortal.Engine.Consolidation;

public sealed record ConsolidationBenchmarkReport(string Task, string Dataset, string ModelDirectory, DateTime StartedAt, string Device,
    int ProcessorCount, int Threads, int EditsAttempted, int EditsFixed, TimeSpan EditingDuration, ConsolidationMetrics Before,
    ConsolidationMetrics After, ConsolidationMetrics? FineTunedBase, int Folded, int Kept, int Retrained, int Unfixed, bool Accepted, IReadOnlyList<string> Reasons,
    TrainingReport Training, TimeSpan ConsolidationDuration, ConsolidationBenchmarkOptions Options)
{
    public double PatchReductionPercent => Before.Patches == 0 ? double.NaN : 100.0 * (Before.Patches - After.Patches) / Before.Patches;

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var i = CultureInfo.InvariantCulture;
        text.AppendLine(i, $"### Consolidation: {Dataset} ({Task}), {Device}, {Threads} thread(s) on {ProcessorCount} cores");
        text.AppendLine();
        text.AppendLine(i, $"{EditsFixed} edits fixed by T-Patcher ({EditsAttempted} attempted) in {EditingDuration:hh\\:mm\\:ss}; consolidation took {ConsolidationDuration:hh\\:mm\\:ss} ({Training.Steps} fine-tuning steps, loss {Training.FirstLoss:F3} → {Training.LastLoss:F3}).");
        text.AppendLine();
        text.AppendLine("| model | patches | parameters | ER | GR | TrainR | TestR | train kept | test kept |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, m) in new[] { ("patched", Before), ("fine-tuned base alone", FineTunedBase), ("consolidated", After) }.Where(r => r.Item2 is not null).Select(r => (r.Item1, r.Item2!)))
            text.AppendLine(i, $"| {name} | {m.Patches} | {m.Parameters:N0} | {m.ER:F3} | {m.GR:F3} | {m.TrainR:F3} | {m.TestR:F3} | {m.TrainKept:F3} | {m.TestKept:F3} |");
        text.AppendLine();
        text.AppendLine("TrainR and TestR as in the paper (eq. 23-24, judged); kept: the share of the base's right answers still right (reported).");
        text.AppendLine();
        text.AppendLine(i, $"Patches down {PatchReductionPercent:F1} %: {Folded} edits folded into the base, {Kept} kept their patches, {Retrained} re-trained against the new base, {Unfixed} unfixed.");
        text.AppendLine(Accepted ? "Verdict: accepted." : $"Verdict: refused ({string.Join("; ", Reasons)}).");
        return text.ToString();
    }
}
