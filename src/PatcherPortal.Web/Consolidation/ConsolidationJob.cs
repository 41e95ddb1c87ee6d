using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PatcherPortal.Engine;
using PatcherPortal.Engine.Consolidation;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Consolidation;

/// <summary>
/// Runs one consolidation on the model's queue (so no patch job trains meanwhile). The candidate base is written to its
/// own directory under a temporary name and renamed, re-trained patches join their edits' files, and only then does
/// the version that serves them commit; a refused or failed run leaves the model as it was.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class ConsolidationJob(IDbContextFactory<PortalDbContext> databases, ModelRegistry registry, PatchTensorStore store,
    ModelVersions versions, ConsolidationSettings settings, ConsolidationTracker tracker, PortalPaths paths,
    IOptions<ConsolidationOptions> options, IOptions<PatcherOptions> patcher, TimeProvider time, ILogger<ConsolidationJob> logger)
{
    private const int AnchorCount = 1000;
    /// <summary>Who a scheduled run is requested by, in its record and the audit log.</summary>
    public const string ScheduleActor = "schedule";

    /// <summary>The recurring trigger: consolidates when at least the configured number of patches is live.</summary>
    public async Task ScheduledAsync(string modelName, CancellationToken cancellation)
    {
        var schedule = await settings.GetAsync(cancellation);
        if (!schedule.Enabled) return;
        int runId;
        await using (var db = await databases.CreateDbContextAsync(cancellation))
        {
            var current = await ModelVersions.CurrentAsync(db, modelName);
            if (current is null || current.PatchCount < schedule.MinLivePatches)
            {
                logger.LogInformation("Scheduled consolidation of {Task} skipped: {Live} live patches, threshold {Threshold}",
                    modelName, current?.PatchCount ?? 0, schedule.MinLivePatches);
                return;
            }
            if (await db.ConsolidationRuns.AnyAsync(r => r.Model == modelName && (r.Status == ConsolidationStatus.Queued || r.Status == ConsolidationStatus.Running), cancellation))
                return;
            var run = Consolidations.NewRun(modelName, ScheduleActor, current.Number, scheduled: true, Now);
            db.ConsolidationRuns.Add(run);
            await db.SaveChangesAsync(cancellation);
            runId = run.Id;
        }
        await RunAsync(runId, cancellation);
    }

    public async Task RunAsync(int runId, CancellationToken cancellation)
    {
        var run = await StartAsync(runId);
        if (run is null) return;
        try
        {
            await ConsolidateAsync(run, cancellation);
        }
        catch (OperationCanceledException)
        {
            await UpdateAsync(runId, r => r.Status = ConsolidationStatus.Queued);
            tracker.Report(runId, new ConsolidationProgress("Interrupted; it will run again", 0));
            throw;
        }
        catch (Exception error)
        {
            logger.LogError(error, "Consolidation #{Id} failed", runId);
            await UpdateAsync(runId, r => (r.Status, r.Reason, r.FinishedAt) =
                (ConsolidationStatus.Failed, $"The run failed and the model is unchanged: {error.Message}", Now));
            tracker.Report(runId, new ConsolidationProgress("Failed", 1, error.Message));
        }
    }

    /// <summary>Queued runs start; a run marked running that this process does not know died with an earlier process
    /// (nothing of it was committed) and starts again; finished runs are left alone.</summary>
    private async Task<ConsolidationRun?> StartAsync(int runId)
    {
        await using var db = await databases.CreateDbContextAsync();
        var run = await db.ConsolidationRuns.FindAsync(runId);
        if (run is null || run.Finished || (run.Status == ConsolidationStatus.Running && tracker.Get(runId) is not null)) return null;
        (run.Status, run.StartedAt) = (ConsolidationStatus.Running, Now);
        await db.SaveChangesAsync();
        tracker.Report(runId, new ConsolidationProgress("Starting", 0));
        return run;
    }

    private async Task ConsolidateAsync(ConsolidationRun run, CancellationToken cancellation)
    {
        var modelName = run.Model;
        var model = registry[modelName];
        if (!model.IsReady) throw new ModelUnavailableException($"The model is not in service: {model.Activity}");
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var current = await ModelVersions.CurrentAsync(db, modelName) ?? throw new ModelUnavailableException("The model has no version yet.");
        var live = (await VersionChain.LiveAsync(db, current)).Ids;
        var records = await db.Patches.Include(p => p.Correction).Where(p => live.Contains(p.Id)).ToListAsync(cancellation);
        if (records.Count == 0)
        {
            await FinishAsync(run.Id, r => (r.Status, r.Reason) = (ConsolidationStatus.Refused, "The model serves no patches: there is nothing to fold in."));
            return;
        }
        if (records.Any(r => r.Kind == Engine.Patching.PatchKind.WeightDelta))
        {
            await FinishAsync(run.Id, r => (r.Status, r.Reason) = (ConsolidationStatus.Refused,
                "The model serves MEND or KE weight deltas: they already change the base weights, and a consolidation folds in only patch neurons."));
            return;
        }
        var tensors = (await store.LoadVersionAsync(db, current, model.Dimension, damagedSnapshotFallsBack: true)).ToDictionary(p => p.Id);
        try
        {
            var edits = records.GroupBy(r => r.CorrectionId).OrderBy(g => g.Key).Select(g => new ConsolidationEdit(g.Key.ToString(),
                g.First().Correction!.Input, g.First().Correction!.Target, g.First().Correction!.Paraphrases,
                g.OrderBy(r => r.Index).Select(r => tensors[r.Id]).ToList())).ToList();
            var evaluation = registry.Evaluation(modelName);
            // Questions people asked (the review queue) anchor the fine-tuning to the answers the patched model gives them.
            var asked = await db.ReviewItems.Where(r => r.Model == modelName).OrderByDescending(r => r.Id).Select(r => r.Input)
                .Take(AnchorCount).ToListAsync(cancellation);
            var request = new ConsolidationRequest(edits, evaluation.Replay, evaluation.Train, evaluation.Test, evaluation.Memory)
            {
                Paraphrased = evaluation.Paraphrased,
                Anchors = asked.Distinct().Except(edits.SelectMany(e => e.Inputs)).ToList(),
            };
            var progress = new InlineProgress<ConsolidationProgress>(p => tracker.Report(run.Id, p));
            using var result = await Task.Run(() => Consolidator.Run(paths.BaseOf(current), registry.Device.Value, request,
                options.Value with { Patcher = patcher.Value }, progress, cancellation), cancellation);
            if (result.Accepted) await AcceptAsync(run, current, edits, result);
            else await FinishAsync(run.Id, r => Record(r, result, ConsolidationStatus.Refused, string.Join("; ", result.Reasons)));
        }
        finally
        {
            foreach (var patch in tensors.Values) patch.Dispose();
        }
    }

    private async Task AcceptAsync(ConsolidationRun run, ModelVersion current, List<ConsolidationEdit> edits, ConsolidationResult result)
    {
        var modelName = run.Model;
        var directory = paths.ConsolidatedBase(modelName, run.Id);
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); // an earlier attempt died before committing
        result.SaveCandidate(directory);
        var fates = result.Edits.ToDictionary(e => e.EditId);
        var retrained = result.Edits.Where(e => e.Fate == EditFate.Retrained).ToList();
        foreach (var edit in retrained) store.AddToEdit(modelName, int.Parse(edit.EditId), edit.Patches, registry[modelName].Dimension);
        await AddRetrainedRecordsAsync(run, retrained);
        var retiring = edits.Where(e => fates[e.Id].Fate != EditFate.Kept).SelectMany(e => e.Patches.Select(p => p.Id)).ToHashSet();
        var added = retrained.SelectMany(e => e.Patches.Select(p => p.Id)).ToList();
        var folded = result.Count(EditFate.Folded);
        await versions.CreateAsync(modelName, live => [.. live.Where(id => !retiring.Contains(id)), .. added], run.RequestedBy,
            $"Consolidation #{run.Id}: {folded} edit{(folded == 1 ? "" : "s")} folded into the base", (db, number) =>
            {
                foreach (var record in db.Patches.Where(p => retiring.Contains(p.Id)).ToList())
                    PatchHistory.Move(db, record, PatchStatus.Retired, PatchEventKind.Consolidated, run.RequestedBy,
                        fates[record.CorrectionId.ToString()].Fate switch
                        {
                            EditFate.Folded => $"Folded into the base by consolidation #{run.Id}",
                            EditFate.Retrained => $"Replaced by a patch re-trained against the base of consolidation #{run.Id}",
                            _ => $"Retired by consolidation #{run.Id}: neither its new base nor a re-trained patch fixes this edit",
                        }, number, Now);
                var entity = db.ConsolidationRuns.Find(run.Id)!;
                Record(entity, result, ConsolidationStatus.Accepted, null);
                entity.ToVersion = number;
                Audit.Audit.Record(db, run.RequestedBy, "consolidation.accepted", $"{modelName} v{number}", details:
                    $"{folded} edits folded, {result.Count(EditFate.Kept)} kept, {retrained.Count} re-trained; patches {result.Before.Patches} → {result.After.Patches}");
            }, new BaseChange(paths.Relative(directory)),
            new PatchCause(PatchEventKind.Consolidated, $"Re-trained against the base of consolidation #{run.Id}"));
        tracker.Report(run.Id, new ConsolidationProgress("Accepted", 1, $"Patches {result.Before.Patches} → {result.After.Patches}"));
    }

    /// <summary>Re-trained patches need rows before a version can load them; they go live when that version commits.</summary>
    private async Task AddRetrainedRecordsAsync(ConsolidationRun run, IReadOnlyList<EditConsolidation> retrained)
    {
        await using var db = await databases.CreateDbContextAsync();
        foreach (var edit in retrained)
            foreach (var (patch, index) in edit.Patches.Select((p, i) => (p, i)))
                db.Patches.Add(new PatchRecord
                {
                    Id = patch.Id, Model = run.Model, CorrectionId = int.Parse(edit.EditId), Index = index, Status = PatchStatus.Retired,
                    CreatedAt = Now, TrainedOnVersion = run.FromVersion,
                });
        await db.SaveChangesAsync();
    }

    private void Record(ConsolidationRun run, ConsolidationResult result, ConsolidationStatus status, string? reason)
    {
        var (before, after) = (result.Before, result.After);
        (run.Status, run.Reason, run.FinishedAt, run.DurationSeconds, run.TrainingSteps) =
            (status, reason, Now, result.Duration.TotalSeconds, result.Training.Steps);
        run.FoldedCorrections = result.Edits.Where(e => e.Fate == EditFate.Folded).Select(e => int.Parse(e.EditId)).ToList();
        (run.KeptEdits, run.RetrainedEdits, run.UnfixedEdits) = (result.Count(EditFate.Kept), result.Count(EditFate.Retrained), result.Count(EditFate.Unfixed));
        (run.PatchesBefore, run.PatchesAfter, run.ParametersBefore, run.ParametersAfter) = (before.Patches, after.Patches, before.Parameters, after.Parameters);
        (run.ErBefore, run.ErAfter, run.GrBefore, run.GrAfter) = (Value(before.ER), Value(after.ER), Value(before.GR), Value(after.GR));
        (run.TrainRBefore, run.TrainRAfter, run.TestRBefore, run.TestRAfter) = (Value(before.TrainR), Value(after.TrainR), Value(before.TestR), Value(after.TestR));
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static double? Value(double metric) => double.IsNaN(metric) ? null : metric;

    private async Task FinishAsync(int runId, Action<ConsolidationRun> change)
    {
        await UpdateAsync(runId, r => { change(r); r.FinishedAt ??= Now; });
        var run = await GetAsync(runId);
        tracker.Report(runId, new ConsolidationProgress(run!.Status.ToString(), 1, run.Reason ?? ""));
    }

    private async Task UpdateAsync(int runId, Action<ConsolidationRun> change)
    {
        await using var db = await databases.CreateDbContextAsync();
        var run = await db.ConsolidationRuns.FindAsync(runId);
        if (run is null) return;
        change(run);
        await db.SaveChangesAsync();
    }

    private async Task<ConsolidationRun?> GetAsync(int runId)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.ConsolidationRuns.FindAsync(runId);
    }
}
