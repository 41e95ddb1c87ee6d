using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Hosting;

/// <summary>
/// Serves versions made by other processes (a worker publishing a patch, another web node approving one): polls the
/// versions table and loads the new version's patch file from the shared data directory. Polling rather than
/// PostgreSQL's LISTEN/NOTIFY works the same on SQLite, survives dropped connections, and costs one indexed query per
/// model per interval.
/// </summary>
public sealed class VersionWatcher(ModelRegistry registry, PatchTensorStore store, IDbContextFactory<PortalDbContext> databases,
    IOptions<PortalOptions> options, ILogger<VersionWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.VersionPollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var model in registry.All.Where(m => m.IsReady))
            {
                try
                {
                    await CatchUpAsync(model, stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    logger.LogWarning(error, "Could not check for a new {Model} version", model.Name);
                }
            }
        }
    }

    private async Task CatchUpAsync(TaskModel model, CancellationToken cancellation)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var newest = await db.ModelVersions.Where(v => v.Model == model.Name).MaxAsync(v => (int?)v.Number, cancellation);
        if (newest is null || newest <= model.Version) return;
        var latest = await db.ModelVersions.SingleAsync(v => v.Model == model.Name && v.Number == newest, cancellation);
        // The version right after the one served, stored as its change: only its added patches are read.
        var followsServed = !latest.IsSnapshot && latest.Number == model.Version + 1 && latest.BaseModel == model.BaseModel;
        if (!followsServed || !model.PublishChange(latest.Number - 1, latest.Number, latest.RemovedIds,
                await store.LoadAsync(db, model.Name, latest.AddedIds, model.Dimension)))
            model.Publish(latest.Number, await store.LoadVersionAsync(db, latest, model.Dimension));
        logger.LogInformation("Serving {Model} version {Version}, found in the database", model.Name, latest.Number);
    }
}
