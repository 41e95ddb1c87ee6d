using Hangfire;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Metrics;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Hosting;

/// <summary>
/// Brings each task's model into service after start: builds the base model when absent (the UI shows the progress
/// meanwhile), loads it, and serves the latest version's patches.
/// </summary>
public sealed class ModelBootstrapper(ModelRegistry registry, BaseModelProvisioner provisioner, ModelVersions versions,
    PatchTensorStore store, PortalPaths paths, IDbContextFactory<PortalDbContext> databases, IBackgroundJobClient jobs,
    ClusterLock cluster, ILogger<ModelBootstrapper> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(async () =>
    {
        foreach (var task in ModelTaskExtensions.All) registry[task].Report(provisioner.Exists(task) ? "Waiting to load" : "Waiting to be built");
        foreach (var task in provisioner.InBuildOrder(ModelTaskExtensions.All))
        {
            var model = registry[task];
            try
            {
                if (!provisioner.Exists(task)) await ProvisionAsync(task, model, stoppingToken);
                model.Report("Loading");
                model.Load(PretrainedModels.Load(paths.BaseModel(task), registry.Device.Value), ModelName(task));
                await ServeLatestAsync(task, model);
                logger.LogInformation("{Task} model in service (version {Version})", task.Code(), model.Version);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                logger.LogError(error, "The {Task} model could not be brought into service", task.Code());
                model.Report($"Failed: {error.Message}", failed: true);
            }
        }
    }, stoppingToken);

    /// <summary>Processes sharing a data directory elect one builder with a cluster lock; the others wait for its result.</summary>
    private async Task ProvisionAsync(ModelTask task, TaskModel model, CancellationToken stoppingToken)
    {
        while (!provisioner.Exists(task))
        {
            IDisposable held;
            try
            {
                held = await cluster.AcquireAsync($"base-model:{task.Code()}", TimeSpan.FromSeconds(30), stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogInformation("Waiting for the {Task} base model from another process ({Reason})", task.Code(), error.Message);
                model.Report("Waiting for another process building the base model");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                continue;
            }
            using (held)
            {
                if (provisioner.Exists(task)) return;
                logger.LogInformation("Building the {Task} base model in {Directory}", task.Code(), paths.BaseModel(task));
                provisioner.Build(task, registry.Device.Value, (activity, progress) => model.Report(activity, progress), stoppingToken);
            }
        }
    }

    /// <summary>Serves the newest version whose patch file loads: a damaged file is reported, and the last good version serves.</summary>
    private async Task ServeLatestAsync(ModelTask task, TaskModel model)
    {
        await versions.EnsureBaseAsync(task);
        await using var db = await databases.CreateDbContextAsync();
        string? damage = null;
        foreach (var version in await db.ModelVersions.Where(v => v.Task == task).OrderByDescending(v => v.Number).ToListAsync())
        {
            try
            {
                var patches = store.LoadVersion(version, model.Dimension);
                var swap = version.BaseModel == model.BaseModel ? null
                    : new BaseSwap(PretrainedModels.Load(paths.BaseOf(version), registry.Device.Value), version.BaseModel);
                model.Publish(version.Number, patches, swap);
            }
            catch (CheckpointException error)
            {
                logger.LogError(error, "Version v{Version} of the {Task} model cannot be served", version.Number, task.Code());
                damage ??= $"v{version.Number} cannot be loaded ({error.Message})";
                continue;
            }
            if (damage is not null) model.Warn($"Serving v{version.Number}, the last good version: {damage}");
            if (!await db.Metrics.AnyAsync(m => m.Task == task && m.ModelVersion == version.Number))
                jobs.Enqueue<MetricsJob>(JobQueues.For(task), job => job.RunAsync(task, CancellationToken.None));
            return;
        }
    }

    private string ModelName(ModelTask task) => (task, registry.Options.ModelProfile) switch
    {
        (ModelTask.QuestionAnswering, ModelProfile.Tiny) => "GPT-2 tiny question answerer",
        (ModelTask.QuestionAnswering, _) => "MiniLM question answerer",
        (_, ModelProfile.Tiny) => "BERT tiny fact checker",
        _ => "MiniLM fact checker",
    };
}
