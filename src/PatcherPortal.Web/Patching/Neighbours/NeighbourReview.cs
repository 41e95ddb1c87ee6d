using System.Security.Claims;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing.Neighbours;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Patching.Neighbours;

/// <summary>
/// What else a correction's candidate changed, and what people make of it: each changed neighbour is marked intended
/// (a paraphrase) or a regression, and a candidate awaiting approval is trained again as a new job in which the
/// regressions are inputs to keep (<see cref="Engine.Editing.EditRequest.Keep"/>); the new candidate replaces the old.
/// </summary>
public sealed class NeighbourReview(IDbContextFactory<PortalDbContext> databases, IBackgroundJobClient jobs, JobProgress progress)
{
    /// <summary>The changes of the correction's latest training, and the regressions earlier trainings were told to keep.</summary>
    public async Task<NeighbourList> ListAsync(string modelName, int correctionId)
    {
        await using var db = await databases.CreateDbContextAsync();
        var correction = await FindAsync(db, modelName, correctionId);
        return NeighbourList.Of(correction);
    }

    public async Task<NeighbourChange> MarkAsync(string modelName, int correctionId, int neighbourId, NeighbourVerdict verdict, ClaimsPrincipal user)
    {
        await using var db = await databases.CreateDbContextAsync();
        var correction = await FindAsync(db, modelName, correctionId);
        var change = correction.Neighbours.SingleOrDefault(n => n.Id == neighbourId)
            ?? throw new KeyNotFoundException($"Correction #{correctionId} has no changed neighbour #{neighbourId}.");
        if (change.Retrain != correction.Retrains)
            throw new InvalidOperationException($"Neighbour #{neighbourId} was changed by an earlier candidate of correction #{correctionId}, which a retrained one replaced: mark the current list instead.");
        if (correction.Status is CorrectionStatus.Queued or CorrectionStatus.Training)
            throw new InvalidOperationException($"Correction #{correctionId} is being trained again; its neighbours are listed anew when the job ends.");
        (change.Verdict, change.MarkedBy, change.MarkedAt) = (verdict, verdict == NeighbourVerdict.Unmarked ? null : user.Actor(), DateTime.UtcNow);
        Audit.Audit.Record(db, user.Actor(), "neighbour.marked", $"Correction #{correctionId}",
            details: $"'{change.Input}' ({change.Before} → {change.After}): {Describe(verdict)}");
        await db.SaveChangesAsync();
        return change;
    }

    /// <summary>Does what a page asked and says how it went.</summary>
    public async Task<string> ActAsync(string modelName, NeighbourAction action, ClaimsPrincipal user) => action switch
    {
        MarkNeighbour mark => $"Marked as {Describe((await MarkAsync(modelName, mark.CorrectionId, mark.NeighbourId, mark.Verdict, user)).Verdict)}.",
        _ => await RetrainAsync(modelName, action.CorrectionId, user),
    };

    /// <summary>Replaces a candidate awaiting approval with one trained to keep every neighbour marked a regression.</summary>
    public async Task<string> RetrainAsync(string modelName, int correctionId, ClaimsPrincipal user)
    {
        await using var db = await databases.CreateDbContextAsync();
        var correction = await FindAsync(db, modelName, correctionId);
        var pending = correction.Patches.Where(p => p.Status == PatchStatus.Pending).ToList();
        if (correction.Status != CorrectionStatus.Fixed || pending.Count == 0)
            throw new InvalidOperationException($"Only a fix awaiting approval can be trained again; correction #{correctionId} is {CorrectionStates.Of(correction).ToString().ToLowerInvariant()}."
                + (correction.Patches.Any(p => p.Status == PatchStatus.Live) ? " Remove its live patch first, then correct the mistake again." : ""));
        var regressions = NeighbourList.Of(correction).Current.Count(n => n.Verdict == NeighbourVerdict.Regression);
        if (regressions == 0)
            throw new InvalidOperationException($"Mark at least one of correction #{correctionId}'s changed neighbours as a regression first: those are what the new patch keeps.");

        var kept = Kept(correction).Count;
        var why = $"Replaced by a patch trained again to keep {kept} neighbour{(kept == 1 ? "" : "s")} marked as regressions";
        foreach (var patch in pending) PatchHistory.Move(db, patch, PatchStatus.Rejected, PatchEventKind.Rejected, user.Actor(), why);
        (correction.Status, correction.Retrains) = (CorrectionStatus.Queued, correction.Retrains + 1);
        Audit.Audit.Record(db, user.Actor(), "correction.retrained", $"Correction #{correctionId}", details: why);
        await db.SaveChangesAsync();
        progress.Restart(correctionId);
        correction.JobId = jobs.Create<PatchJob>(job => job.RunAsync(correctionId, CancellationToken.None), new EnqueuedState(JobQueues.For(correction.Model)));
        await db.SaveChangesAsync();
        return $"Training again, keeping {kept} neighbour{(kept == 1 ? "" : "s")}; the new candidate replaces the old one and its neighbours are listed when the job ends.";
    }

    /// <summary>The inputs a training of the correction keeps: every neighbour marked a regression, with its answer before.</summary>
    public static async Task<IReadOnlyList<LabelledInput>> KeptAsync(PortalDbContext db, int correctionId) =>
        Kept(await db.Corrections.Include(c => c.Neighbours).SingleAsync(c => c.Id == correctionId));

    private static List<LabelledInput> Kept(Correction correction) => correction.Neighbours
        .Where(n => n.Verdict == NeighbourVerdict.Regression).OrderBy(n => n.Retrain).DistinctBy(n => n.Input)
        .Select(n => new LabelledInput(n.Input, n.Before)).ToList();

    /// <summary>Adds the neighbours a finished training changed, as the correction's current list.</summary>
    public static void Record(PortalDbContext db, Correction correction, IEnumerable<ChangedNeighbour> changed)
    {
        foreach (var change in changed)
            db.NeighbourChanges.Add(new NeighbourChange
            {
                CorrectionId = correction.Id, Retrain = correction.Retrains, Input = change.Input, Before = change.Before, After = change.After,
                PatchId = change.Firing?.PatchId, PreActivation = change.Firing?.PreActivation,
            });
    }

    private static async Task<Correction> FindAsync(PortalDbContext db, string modelName, int correctionId) =>
        await db.Corrections.Include(c => c.Patches).Include(c => c.Neighbours).AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == correctionId && c.Model == modelName)
        ?? throw new KeyNotFoundException($"The model '{modelName}' has no correction #{correctionId}.");

    public static string Describe(NeighbourVerdict verdict) => verdict switch
    {
        NeighbourVerdict.Intended => "intended (a paraphrase)",
        NeighbourVerdict.Regression => "a regression",
        _ => "unmarked",
    };
}
