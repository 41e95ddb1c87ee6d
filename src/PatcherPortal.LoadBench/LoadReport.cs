using System.Text;

namespace PatcherPortal.LoadBench;

/// <summary>The results as a Markdown table, and the target: predict p95 while training at most 2x idle, no errors.</summary>
public static class LoadReport
{
    public const double MaxSlowdown = 2.0;

    public static string Markdown(LoadOptions options, IReadOnlyList<PhaseResult> results)
    {
        var text = new StringBuilder($"Profile {options.Profile}, {options.ApiClients} API + {options.PageClients} page clients, " +
            $"{options.PhaseLength.TotalSeconds:F0} s or {options.MaxRequestsPerPhase:N0} requests per phase, libtorch threads {options.TorchThreads}, " +
            $"training nice {options.TrainingNiceness}\n\n");
        text.Append("| patches | phase | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms | edits finished |\n|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var phase in results)
        foreach (var kind in phase.Kinds)
            text.Append($"| {phase.Patches:N0} | {phase.Phase}: {kind.Kind} | {kind.Requests:N0} | {kind.Errors} | {kind.PerSecond:F1} | {kind.P50:F1} | " +
                $"{kind.P95:F1} | {kind.P99:F1} | {kind.Max:F0} | {(phase.Phase == "training" ? phase.EditsFinished.ToString() : "-")} |\n");
        text.Append('\n');
        foreach (var (patches, ratio) in Slowdowns(results))
            text.Append($"{patches:N0} patches: predict p95 while training / idle (the faster idle phase) = {ratio:F2} (target <= {MaxSlowdown:F1})\n");
        return text.ToString();
    }

    public static bool MeetsTarget(IReadOnlyList<PhaseResult> results) =>
        results.SelectMany(r => r.Kinds).All(k => k.Errors == 0) && Slowdowns(results).All(s => s.Ratio <= MaxSlowdown);

    /// <summary>Against the better idle phase, so start-up cost cannot flatter the ratio.</summary>
    private static IEnumerable<(int Patches, double Ratio)> Slowdowns(IReadOnlyList<PhaseResult> results) =>
        results.GroupBy(r => r.Patches).Select(g => (g.Key, P95(g, p => p == "training") / P95(g, p => p.StartsWith("idle"))));

    private static double P95(IEnumerable<PhaseResult> phases, Func<string, bool> phase) =>
        phases.Where(p => phase(p.Phase)).Min(p => p.Kinds.Single(k => k.Kind == LoadDriver.Predict).P95);
}
