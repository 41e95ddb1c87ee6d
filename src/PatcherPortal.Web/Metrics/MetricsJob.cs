using Hangfire;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Engine.Benchmarks;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Metrics;

/// <summary>
/// Measures the version in service: ER (its live edits, patched or folded into the base, answered as corrected), the train and
/// test shares kept (of the examples the base model got right, those it still gets right), beside the base model's accuracy,
/// and the neighbours kept (<see cref="MeasuredNeighbours"/>). ER reads at most <see cref="MeasuredEdits.Cap"/> live edits. Runs on the model's queue after
/// every version change, so it never competes with a patch job for the workbench.
/// </summary>
[AutomaticRetry(Attempts = 1)]
public sealed class MetricsJob(IDbContextFactory<PortalDbContext> databases, Workbenches workbenches, ModelRegistry registry, TrainingThreads threads)
{
    public async Task RunAsync(string modelName, CancellationToken cancellation)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var edits = await db.Corrections.Where(c => c.Model == modelName && c.Status == CorrectionStatus.Fixed
            && c.Patches.Any(p => p.Status == PatchStatus.Live || p.Status == PatchStatus.Retired)).OrderBy(c => c.Id).Select(c => new { c.Id, c.Input, c.Target, c.Paraphrases }).ToListAsync(cancellation);
        var measured = MeasuredEdits.Pick(edits);
        var neighbours = await NeighboursAsync(db, edits.SelectMany(e => e.Paraphrases.Append(e.Input)), measured.Select(e => e.Id).ToList(), cancellation);
        var evaluation = registry.Evaluation(modelName);
        var snapshot = await workbenches.UseAsync(modelName, _ => { }, (bench, version) => threads.RunAsync(() =>
        {
            var (train, test) = (bench.Correct(evaluation.Train), bench.Correct(evaluation.Test));
            var editsCorrect = bench.Correct(measured.Select(e => new LabelledInput(e.Input, e.Target)).ToList());
            var neighboursKept = bench.Correct(neighbours);
            return new MetricSnapshot
            {
                Model = modelName, ModelVersion = version.Number, At = DateTime.UtcNow, EditCount = edits.Count, PatchCount = version.PatchCount,
                EditSuccess = edits.Count == 0 ? null : Rate(editsCorrect),
                TrainRetain = KeptShare(bench.BaseTrainCorrect, train), TestRetain = KeptShare(bench.BaseTestCorrect, test),
                NeighbourRetain = neighbours.Count == 0 ? null : Rate(neighboursKept), NeighbourChecks = neighbours.Count,
                TrainAccuracy = Rate(train), TestAccuracy = Rate(test),
                BaseTrainAccuracy = Rate(bench.BaseTrainCorrect), BaseTestAccuracy = Rate(bench.BaseTestCorrect),
            };
        }), cancellation);
        if (await db.Metrics.AnyAsync(m => m.Model == modelName && m.ModelVersion == snapshot.ModelVersion, cancellation)) return;
        db.Metrics.Add(snapshot);
        await db.SaveChangesAsync(cancellation);
    }

    private static async Task<IReadOnlyList<LabelledInput>> NeighboursAsync(PortalDbContext db, IEnumerable<string> editInputs,
        IReadOnlyList<int> measured, CancellationToken cancellation)
    {
        var reports = await db.Corrections.Where(c => measured.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.ReportJson).ToListAsync(cancellation);
        var intended = await db.Set<Data.NeighbourChange>().Where(n => measured.Contains(n.CorrectionId) && n.Verdict == NeighbourVerdict.Intended)
            .Select(n => n.Input).ToListAsync(cancellation);
        return MeasuredNeighbours.Pick(reports.Select(EditReport.FromJson), editInputs.Concat(intended).ToHashSet(StringComparer.Ordinal));
    }

    private static double Rate(bool[] correct) => correct.Length == 0 ? 0 : correct.Count(c => c) / (double)correct.Length;

    /// <summary>Still right now, over those the base model got right (<see cref="Baseline.KeptRate"/>); null when it got none right.</summary>
    public static double? KeptShare(bool[] before, bool[] after) =>
        Baseline.KeptRate(before, after) is var rate && double.IsNaN(rate) ? null : rate;
}
