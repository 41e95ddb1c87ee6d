using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Registry;

namespace PatcherPortal.Web.Hosting;

/// <summary>
/// Brings the registered models into service after start. With <c>Portal:Models:BuiltIn</c>, first builds the
/// profile's built-in models when they were never registered (the UI shows the progress meanwhile) and registers them
/// through <see cref="ModelRegistration"/> like any other. Then follows the models table, so a model registered or
/// retired by another process comes into or leaves service here too.
/// </summary>
public sealed class ModelBootstrapper(ModelRegistry registry, BaseModelProvisioner provisioner, ModelRegistration registration,
    ModelServing serving, IDbContextFactory<PortalDbContext> databases, ClusterLock cluster, IOptions<PortalOptions> options,
    ILogger<ModelBootstrapper> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(async () =>
    {
        try
        {
            if (options.Value.Models.BuiltIn) await RegisterBuiltInAsync(stoppingToken);
            using var timer = new PeriodicTimer(options.Value.Models.PollInterval);
            do
            {
                try
                {
                    await FollowRegistrationsAsync(stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    logger.LogWarning(error, "Could not check for registered or retired models; trying again later");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }, stoppingToken);

    private async Task RegisterBuiltInAsync(CancellationToken stoppingToken)
    {
        await using (var db = await databases.CreateDbContextAsync(stoppingToken))
        {
            var known = await db.RegisteredModels.Select(m => m.Name).ToListAsync(stoppingToken);
            foreach (var builtIn in BuiltInModels.All.Where(b => !known.Contains(b.Name)))
                registry.Add(builtIn.Define()).Report(provisioner.Exists(builtIn) ? "Waiting to be registered" : "Waiting to be built");
        }
        foreach (var builtIn in provisioner.InBuildOrder(BuiltInModels.All))
        {
            var model = registry.Find(builtIn.Name);
            if (model is null || model.IsReady) continue;
            try
            {
                await RegisterAsync(builtIn, model, stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "The built-in {Model} model could not be registered", builtIn.Name);
                model.Report($"Failed: {error.Message}", failed: true);
            }
        }
    }

    /// <summary>Processes sharing a data directory elect one builder with a cluster lock; the others wait for its result.</summary>
    private async Task RegisterAsync(BuiltInModel builtIn, TaskModel model, CancellationToken stoppingToken)
    {
        while (true)
        {
            IDisposable held;
            try
            {
                held = await cluster.AcquireAsync($"base-model:{builtIn.Name}", TimeSpan.FromSeconds(30), stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogInformation("Waiting for the {Model} base model from another process ({Reason})", builtIn.Name, error.Message);
                model.Report("Waiting for another process building the base model");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                continue;
            }
            using (held)
            {
                bool registeredElsewhere;
                await using (var db = await databases.CreateDbContextAsync(stoppingToken))
                    registeredElsewhere = await db.RegisteredModels.AnyAsync(m => m.Name == builtIn.Name, stoppingToken);
                if (registeredElsewhere)
                {
                    // The placeholder added above stands for the row another process registered: serve it here too.
                    await serving.BringIntoServiceAsync(model, stoppingToken);
                    return;
                }
                if (!provisioner.Exists(builtIn))
                {
                    logger.LogInformation("Building the {Model} base model", builtIn.Name);
                    provisioner.Build(builtIn, model.Device, (activity, progress) => model.Report(activity, progress), stoppingToken);
                }
                model.Report("Checking the model");
                await registration.RegisterAsync(model.Definition, builtIn.Kind, provisioner.Directory(builtIn), sample: null, stoppingToken);
                return;
            }
        }
    }

    /// <summary>Serves every registered model not yet in service here and retires those retired elsewhere.</summary>
    private async Task FollowRegistrationsAsync(CancellationToken stoppingToken)
    {
        await using var db = await databases.CreateDbContextAsync(stoppingToken);
        var rows = await db.RegisteredModels.AsNoTracking().OrderBy(m => m.Id).ToListAsync(stoppingToken);
        foreach (var row in rows.Where(r => r.Retired && registry.Find(r.Name) is not null))
        {
            registry.Retire(row.Name);
            serving.StopJobs(row.Name);
        }
        foreach (var row in rows.Where(r => !r.Retired))
        {
            var model = registry.Find(row.Name);
            if (model is null)
            {
                model = registry.Add(row);
                await serving.BringIntoServiceAsync(model, stoppingToken);
            }
        }
    }
}
