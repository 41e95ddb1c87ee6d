using Hangfire;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Web.Consolidation;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Metrics;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Hosting;

/// <summary>Brings a registered model into service: loads its base, serves its newest version that loads, starts its
/// job queue and schedules its consolidation. Used at start and right after a registration.</summary>
public sealed class ModelServing(ModelVersions versions, PatchTensorStore store, PortalPaths paths,
    IDbContextFactory<PortalDbContext> databases, IBackgroundJobClient jobs, ModelJobServers servers, ConsolidationScheduler scheduler,
    ConsolidationSettings consolidation, ILogger<ModelServing> logger)
{
    public async Task BringIntoServiceAsync(TaskModel model, CancellationToken cancellation)
    {
        try
        {
            model.Report("Loading");
            var loaded = await Task.Run(() => PretrainedModels.Load(paths.BaseModel(model.Name), model.Device), cancellation);
            model.Load(loaded);
            await ServeLatestAsync(model);
            logger.LogInformation("{Model} model in service (version {Version})", model.Name, model.Version);
            servers.Start(model.Name);
            scheduler.Apply(await consolidation.GetAsync(cancellation), model.Name);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error)
        {
            logger.LogError(error, "The {Model} model could not be brought into service", model.Name);
            model.Report($"Failed: {error.Message}", failed: true);
        }
    }

    public void StopJobs(string modelName)
    {
        servers.Stop(modelName);
        scheduler.Remove(modelName);
    }

    /// <summary>Serves the newest version whose patch file loads: a damaged file is reported, and the last good version serves.</summary>
    private async Task ServeLatestAsync(TaskModel model)
    {
        await versions.EnsureBaseAsync(model.Name);
        await using var db = await databases.CreateDbContextAsync();
        string? damage = null;
        // One version at a time, newest first: a snapshot row lists all its live patches.
        foreach (var number in await db.ModelVersions.Where(v => v.Model == model.Name).OrderByDescending(v => v.Number).Select(v => v.Number).ToListAsync())
        {
            var version = await db.ModelVersions.AsNoTracking().SingleAsync(v => v.Model == model.Name && v.Number == number);
            try
            {
                var patches = await store.LoadVersionAsync(db, version, model.Dimension);
                var swap = version.BaseModel == model.BaseModel ? null
                    : new BaseSwap(PretrainedModels.Load(paths.BaseOf(version), model.Device), version.BaseModel);
                model.Publish(version.Number, patches, swap);
            }
            catch (Exception error) when (error is CheckpointException or InvalidOperationException)
            {
                logger.LogError(error, "Version v{Version} of the {Model} model cannot be served", version.Number, model.Name);
                damage ??= $"v{version.Number} cannot be loaded ({error.Message})";
                continue;
            }
            if (damage is not null) model.Warn($"Serving v{version.Number}, the last good version: {damage}");
            if (!await db.Metrics.AnyAsync(m => m.Model == model.Name && m.ModelVersion == version.Number))
                jobs.Enqueue<MetricsJob>(JobQueues.For(model.Name), job => job.RunAsync(model.Name, CancellationToken.None));
            return;
        }
    }
}
