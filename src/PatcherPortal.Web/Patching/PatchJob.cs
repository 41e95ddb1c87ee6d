using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PatcherPortal.Engine;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Patching.Neighbours;
using PatcherPortal.Web.Review;
using PatcherPortal.Web.Settings;

namespace PatcherPortal.Web.Patching;

/// <summary>
/// Trains the patch(es) for one correction. Idempotent: the check, the training and the recording happen under the
/// workbench's gate, so a re-queued copy of a job (a crash, SQLite's invisibility timeout) that finds its correction
/// done adds no second patch. Nothing reaches the serving model unless the whole job succeeds: the patch file is
/// written first, the rows pointing at it (and, when no approval is needed, the new version) are committed after.
/// </summary>
[AutomaticRetry(Attempts = 1)]
public sealed class PatchJob(IDbContextFactory<PortalDbContext> databases, Workbenches workbenches, ModelRegistry registry,
    PatchTensorStore store, ModelVersions versions, PortalSettings settings, JobProgress progress, FaultPoints faults, TrainingThreads threads,
    IOptions<PortalOptions> options, ILogger<PatchJob> logger)
{
    private static readonly CorrectionStatus[] Done = [CorrectionStatus.Fixed, CorrectionStatus.AlreadyCorrect, CorrectionStatus.Failed];
    /// <summary>How many of the model's latest review items join the known inputs a candidate is checked near.</summary>
    private const int RecentTraffic = 500;

    public async Task RunAsync(int correctionId, CancellationToken cancellation)
    {
        var correction = await SetStatusAsync(correctionId, CorrectionStatus.Training);
        if (correction is null)
        {
            logger.LogInformation("Patch job for correction {Id}: nothing to do (done already, or no such correction)", correctionId);
            return;
        }
        try
        {
            await TrainAndRecordAsync(correction, cancellation);
        }
        catch (OperationCanceledException)
        {
            await SetStatusAsync(correctionId, CorrectionStatus.Queued);
            progress.Phase(correctionId, "Interrupted; it will run again");
            throw;
        }
        catch (Exception error)
        {
            logger.LogError(error, "Patch job for correction {Id} failed", correctionId);
            await FailAsync(correctionId, error is IOException
                ? $"The patch could not be saved ({error.Message}); the model is unchanged. Free disk space, then submit the correction again."
                : $"The job failed and the model is unchanged: {error.Message}");
        }
    }

    private async Task TrainAndRecordAsync(Correction correction, CancellationToken cancellation)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var pastEdits = await Workbenches.PastEditsAsync(db, correction.Model, liveOnly: true);
        var retained = registry.Evaluation(correction.Model).Train.Take(options.Value.Evaluation.RetainedPerEdit).ToList();
        var traffic = await Workbenches.TrafficAsync(db, correction.Model, RecentTraffic);
        var request = new EditRequest(correction.Input, correction.Target, correction.Paraphrases, correction.Id.ToString())
        {
            MaxPatches = correction.PatchLimit,
            Keep = await NeighbourReview.KeptAsync(db, correction.Id),
        };
        var steps = new InlineProgress<EditProgress>(p =>
        {
            progress.Step(correction.Id, p);
            faults.TrainingStep(correction.Id, p.Step + 1);
        });
        await workbenches.UseAsync(correction.Model, phase => progress.Phase(correction.Id, phase), async (bench, version) =>
        {
            if (await IsDoneAsync(correction.Id)) return false;
            progress.Phase(correction.Id, "Training the patch");
            var (outcome, report) = await threads.RunAsync(() =>
            {
                var neighbours = bench.NeighboursOf(request, pastEdits.Select(e => e.Input).Concat(traffic.Select(t => t.Input)));
                return bench.Edit(request, pastEdits, retained, neighbours, patches => store.SaveEdit(correction.Model, correction.Id, patches), steps, cancellation);
            });
            await RecordAsync(correction, outcome, report, version.Number);
            return true;
        }, cancellation, rebuild: correction.Retrains > 0);
    }

    private async Task RecordAsync(Correction correction, EditOutcome outcome, EditReport report, int trainedOn)
    {
        var status = outcome.Status switch
        {
            EditStatus.Fixed => CorrectionStatus.Fixed,
            EditStatus.AlreadyCorrect => CorrectionStatus.AlreadyCorrect,
            _ => CorrectionStatus.Failed,
        };
        void Write(PortalDbContext db, int? liveIn)
        {
            var entity = db.Corrections.Find(correction.Id)!;
            (entity.Status, entity.Steps, entity.FinalLoss, entity.DurationSeconds, entity.Message, entity.ReportJson, entity.TrainedOnVersion) =
                (status, outcome.Steps, outcome.FinalLoss, outcome.Duration.TotalSeconds, outcome.Message, report.ToJson(), trainedOn);
            foreach (var (statistics, index) in outcome.PatchStatistics.Select((s, i) => (s, i)))
            {
                var record = new PatchRecord
                {
                    Id = statistics.PatchId, Kind = outcome.Patches.FirstOrDefault(p => p.Id == statistics.PatchId)?.Kind ?? Engine.Patching.PatchKind.Neuron, Model = correction.Model, CorrectionId = correction.Id, Index = index, LiveInVersion = liveIn,
                    CreatedAt = DateTime.UtcNow, TrainedOnVersion = trainedOn, EditActivation = statistics.EditActivation,
                    // An empty memory measured nothing: the report's bounds say so (MemoryEmpty) and the pages show no figure.
                    MaxMemoryActivation = statistics.MaxMemoryActivation ?? 0,
                };
                db.Patches.Add(record);
                if (liveIn is null) PatchHistory.Move(db, record, PatchStatus.Pending, PatchEventKind.Trained, correction.Author, "Waits for an admin's approval");
                else PatchHistory.Move(db, record, PatchStatus.Live, PatchEventKind.Served, correction.Author, "Served without approval", liveIn);
            }
            NeighbourReview.Record(db, entity, report.NeighboursChanged);
            Audit.Audit.Record(db, correction.Author, $"correction.{status.ToString().ToLowerInvariant()}", $"Correction #{correction.Id}",
                details: outcome.Message);
            if (status == CorrectionStatus.Failed) ReopenReviewItem(db, entity);
            if (status == CorrectionStatus.Fixed) MatchingReviewItems.CloseWith(db, entity);
        }

        if (status == CorrectionStatus.Fixed && !await settings.RequireApprovalAsync())
        {
            var ids = outcome.PatchStatistics.Select(p => p.PatchId).ToList();
            await versions.CreateAsync(correction.Model, live => [.. live, .. ids], correction.Author,
                $"Correction #{correction.Id} served without approval", (db, number) => Write(db, number));
        }
        else
        {
            await using var db = await databases.CreateDbContextAsync();
            Write(db, null);
            await db.SaveChangesAsync();
        }
        progress.Phase(correction.Id, outcome.Message, finished: true);
    }

    private async Task<bool> IsDoneAsync(int correctionId)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.Corrections.AnyAsync(c => c.Id == correctionId && Done.Contains(c.Status));
    }

    private async Task<Correction?> SetStatusAsync(int correctionId, CorrectionStatus status)
    {
        await using var db = await databases.CreateDbContextAsync();
        var correction = await db.Corrections.FindAsync(correctionId);
        if (correction is null || Done.Contains(correction.Status)) return null;
        correction.Status = status;
        await db.SaveChangesAsync();
        return correction;
    }

    /// <summary>A correction that fixed nothing leaves its review item open, to be flagged again or retried.</summary>
    private static void ReopenReviewItem(PortalDbContext db, Correction correction)
    {
        if (correction.ReviewItemId is { } id && db.ReviewItems.Find(id) is { Status: ReviewStatus.WrongCorrected } item && item.CorrectionId == correction.Id)
            (item.Status, item.ReviewedBy, item.ReviewedAt) = (ReviewStatus.Pending, null, null);
    }

    private async Task FailAsync(int correctionId, string message)
    {
        await using var db = await databases.CreateDbContextAsync();
        var correction = await db.Corrections.FindAsync(correctionId);
        if (correction is null) return;
        (correction.Status, correction.Message) = (CorrectionStatus.Failed, message);
        Audit.Audit.Record(db, correction.Author, "correction.failed", $"Correction #{correction.Id}", details: message);
        ReopenReviewItem(db, correction);
        await db.SaveChangesAsync();
        progress.Phase(correctionId, message, finished: true);
    }
}
