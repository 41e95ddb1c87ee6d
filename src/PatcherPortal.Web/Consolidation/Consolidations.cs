using System.Security.Claims;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Consolidation;

/// <summary>Admins start consolidations by hand ("consolidate now"); everyone with access lists the runs.</summary>
public sealed class Consolidations(IDbContextFactory<PortalDbContext> databases, IBackgroundJobClient jobs, TimeProvider time,
    Hosting.ModelRegistry registry)
{
    public async Task<ConsolidationRun> QueueAsync(string modelName, ClaimsPrincipal user)
    {
        user.DemandAdmin();
        await using var db = await databases.CreateDbContextAsync();
        var current = await ModelVersions.CurrentAsync(db, modelName) ?? throw new InvalidOperationException("The model has no version yet.");
        if (current.PatchCount == 0)
            throw new InvalidOperationException($"The {registry[modelName].DisplayName.ToLowerInvariant()} model serves no patches: there is nothing to fold in.");
        if (await db.ConsolidationRuns.FirstOrDefaultAsync(r => r.Model == modelName && (r.Status == ConsolidationStatus.Queued || r.Status == ConsolidationStatus.Running)) is { } open)
            throw new InvalidOperationException($"Consolidation #{open.Id} of this model is already {open.Status.ToString().ToLowerInvariant()}.");
        var run = NewRun(modelName, user.Actor(), current.Number, scheduled: false, time.GetUtcNow().UtcDateTime);
        db.ConsolidationRuns.Add(run);
        Audit.Audit.Record(db, user.Actor(), "consolidation.requested", $"{modelName} v{current.Number}", details: $"{current.PatchCount} live patches");
        await db.SaveChangesAsync();
        jobs.Enqueue<ConsolidationJob>(JobQueues.For(modelName), job => job.RunAsync(run.Id, CancellationToken.None));
        return run;
    }

    public async Task<List<ConsolidationRun>> ListAsync(string? modelName = null, int count = 100)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.ConsolidationRuns.Where(r => modelName == null || r.Model == modelName).OrderByDescending(r => r.Id).Take(count).ToListAsync();
    }

    public async Task<ConsolidationRun?> GetAsync(int id)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.ConsolidationRuns.FindAsync(id);
    }

    public static ConsolidationRun NewRun(string modelName, string requestedBy, int fromVersion, bool scheduled, DateTime queuedAt) => new()
    {
        Model = modelName, RequestedBy = requestedBy, Scheduled = scheduled, QueuedAt = queuedAt, Status = ConsolidationStatus.Queued,
        FromVersion = fromVersion,
    };
}
