using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Settings;

namespace PatcherPortal.Web.Patching;

/// <summary>
/// Trains the patch(es) for one correction. Idempotent: a correction that already has its result is left alone, so a
/// retried or re-queued job adds no second patch. Nothing reaches the serving model unless the whole job succeeds.
/// </summary>
[AutomaticRetry(Attempts = 1)]
public sealed class PatchJob(IDbContextFactory<PortalDbContext> databases, Workbenches workbenches, ModelRegistry registry,
    PatchTensorStore store, ModelVersions versions, PortalSettings settings, JobProgress progress, IOptions<PortalOptions> options,
    ILogger<PatchJob> logger)
{
    private static readonly CorrectionStatus[] Done = [CorrectionStatus.Fixed, CorrectionStatus.AlreadyCorrect, CorrectionStatus.Failed];

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
            var (outcome, report, version) = await TrainAsync(correction, cancellation);
            await RecordAsync(correction, outcome, report, version);
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

    private async Task<(EditOutcome, EditReport, int)> TrainAsync(Correction correction, CancellationToken cancellation)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var pastEdits = await Workbenches.PastEditsAsync(db, correction.Task, liveOnly: true);
        var retained = registry.Evaluation(correction.Task).Train.Take(options.Value.Evaluation.RetainedPerEdit).ToList();
        var request = new EditRequest(correction.Input, correction.Target, correction.Paraphrases, correction.Id.ToString());
        var steps = new InlineProgress<EditProgress>(p => progress.Step(correction.Id, p));
        return await workbenches.UseAsync(correction.Task, phase => progress.Phase(correction.Id, phase), (bench, version) =>
        {
            progress.Phase(correction.Id, "Training the patch");
            var (outcome, report) = bench.Edit(request, pastEdits, retained, patches => store.SaveEdit(correction.Task, correction.Id, patches), steps, cancellation);
            return (outcome, report, version.Number);
        }, cancellation);
    }

    private async Task RecordAsync(Correction correction, EditOutcome outcome, EditReport report, int trainedOn)
    {
        var status = outcome.Status switch
        {
            EditStatus.Fixed => CorrectionStatus.Fixed,
            EditStatus.AlreadyCorrect => CorrectionStatus.AlreadyCorrect,
            _ => CorrectionStatus.Failed,
        };
        await using (var db = await databases.CreateDbContextAsync())
        {
            var entity = await db.Corrections.FindAsync(correction.Id);
            (entity!.Status, entity.Steps, entity.FinalLoss, entity.DurationSeconds, entity.Message, entity.ReportJson, entity.TrainedOnVersion) =
                (status, outcome.Steps, outcome.FinalLoss, outcome.Duration.TotalSeconds, outcome.Message, report.ToJson(), trainedOn);
            foreach (var (statistics, index) in outcome.PatchStatistics.Select((s, i) => (s, i)))
                db.Patches.Add(new PatchRecord
                {
                    Id = statistics.PatchId, Task = correction.Task, CorrectionId = correction.Id, Index = index,
                    Status = PatchStatus.Pending, CreatedAt = DateTime.UtcNow, TrainedOnVersion = trainedOn,
                    EditActivation = statistics.EditActivation, MaxMemoryActivation = statistics.MaxMemoryActivation,
                });
            Audit.Audit.Record(db, correction.Author, $"correction.{status.ToString().ToLowerInvariant()}", $"Correction #{correction.Id}",
                details: outcome.Message);
            await db.SaveChangesAsync();
        }
        if (status == CorrectionStatus.Fixed && !await settings.RequireApprovalAsync())
        {
            var ids = outcome.PatchStatistics.Select(p => p.PatchId).ToList();
            await versions.CreateAsync(correction.Task, live => [.. live, .. ids], correction.Author,
                $"Correction #{correction.Id} served without approval");
        }
        progress.Phase(correction.Id, outcome.Message, finished: true);
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

    private async Task FailAsync(int correctionId, string message)
    {
        await using var db = await databases.CreateDbContextAsync();
        var correction = await db.Corrections.FindAsync(correctionId);
        if (correction is null) return;
        (correction.Status, correction.Message) = (CorrectionStatus.Failed, message);
        Audit.Audit.Record(db, correction.Author, "correction.failed", $"Correction #{correction.Id}", details: message);
        await db.SaveChangesAsync();
        progress.Phase(correctionId, message, finished: true);
    }
}
