using Hangfire;
using Microsoft.EntityFrameworkCore;
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
    ILogger<ModelBootstrapper> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(async () =>
    {
        foreach (var task in ModelTaskExtensions.All) registry[task].Report(provisioner.Exists(task) ? "Waiting to load" : "Waiting to be built");
        foreach (var task in ModelTaskExtensions.All)
        {
            var model = registry[task];
            try
            {
                if (!provisioner.Exists(task))
                {
                    logger.LogInformation("Building the {Task} base model in {Directory}", task.Code(), paths.BaseModel(task));
                    provisioner.Build(task, registry.Device.Value, (activity, progress) => model.Report(activity, progress), stoppingToken);
                }
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

    private async Task ServeLatestAsync(ModelTask task, TaskModel model)
    {
        var latest = await versions.EnsureBaseAsync(task);
        var swap = latest.BaseModel is null ? null : new BaseSwap(PretrainedModels.Load(paths.BaseOf(latest), registry.Device.Value), latest.BaseModel);
        model.Publish(latest.Number, store.LoadVersion(latest, model.Dimension), swap);
        await using var db = await databases.CreateDbContextAsync();
        if (!await db.Metrics.AnyAsync(m => m.Task == task && m.ModelVersion == latest.Number))
            jobs.Enqueue<MetricsJob>(JobQueues.For(task), job => job.RunAsync(task, CancellationToken.None));
    }

    private string ModelName(ModelTask task) => (task, registry.Options.ModelProfile) switch
    {
        (ModelTask.QuestionAnswering, ModelProfile.Tiny) => "GPT-2 tiny question answerer",
        (ModelTask.QuestionAnswering, _) => "GPT-2 question answerer",
        (_, ModelProfile.Tiny) => "BERT tiny fact checker",
        _ => "MiniLM fact checker",
    };
}
