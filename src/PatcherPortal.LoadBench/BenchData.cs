using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Consolidation;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Registry;

namespace PatcherPortal.LoadBench;

/// <summary>
/// Prepares a data directory before the portal starts, through the portal's own services: the base models (built
/// when absent), an API key, and optionally a live version carrying N never-firing patches per model.
/// </summary>
public static class BenchData
{
    /// <returns>The API key's secret.</returns>
    public static async Task<string> PrepareAsync(string dataDirectory, IReadOnlyDictionary<string, string> settings, int patches)
    {
        var builder = PortalHost.CreateBuilder([.. settings.Select(s => $"--{s.Key}={s.Value}"), $"--Portal:DataDirectory={dataDirectory}"]);
        builder.AddPortalStorage();
        builder.AddPortalModels();
        builder.AddPortalJobs();
        builder.AddPortalConsolidation(); // serving a model schedules its consolidations
        await using var app = builder.Build();
        app.MigrateDatabase();
        var services = app.Services;
        var (registry, provisioner) = (services.GetRequiredService<ModelRegistry>(), services.GetRequiredService<BaseModelProvisioner>());
        foreach (var builtIn in BuiltInModels.All)
        {
            if (!provisioner.Exists(builtIn))
            {
                Console.WriteLine($"Building the {builtIn.Name} base model in {provisioner.Directory(builtIn)} ...");
                provisioner.Build(builtIn, registry.Device.Value, (activity, _) => Console.Write($"\r  {activity,-80}"), CancellationToken.None);
                Console.WriteLine();
            }
            await ServeAsync(services, builtIn);
            var current = (await services.GetRequiredService<ModelVersions>().EnsureBaseAsync(builtIn.Name));
            if (patches > 0 && current.PatchCount == 0) await AddNeverFiringPatchesAsync(services, builtIn.Name, patches);
        }
        return (await services.GetRequiredService<ApiKeys>().CreateAsync("load-bench", Roles.Annotator, "load-bench")).Secret;
    }

    /// <summary>Registers the built-in model as the portal would at its first start (or serves it, registered before).</summary>
    private static async Task ServeAsync(IServiceProvider services, BuiltInModel builtIn)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        if (await db.RegisteredModels.AsNoTracking().SingleOrDefaultAsync(m => m.Name == builtIn.Name) is { } row)
            await services.GetRequiredService<ModelServing>().BringIntoServiceAsync(services.GetRequiredService<ModelRegistry>().Add(row), CancellationToken.None);
        else
            await services.GetRequiredService<ModelRegistration>().RegisterAsync(builtIn.Define(), builtIn.Kind,
                services.GetRequiredService<BaseModelProvisioner>().Directory(builtIn), sample: null, CancellationToken.None);
    }

    /// <summary>One synthetic correction owning N patches that never fire, served as a new version.</summary>
    private static async Task AddNeverFiringPatchesAsync(IServiceProvider services, string task, int count)
    {
        var databases = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var model = services.GetRequiredService<ModelRegistry>()[task];
        var correction = new Correction
        {
            Model = task, Input = $"(load benchmark) {count:N0} never-firing patches", WrongOutput = "-", Target = "-", Author = "load-bench",
            CreatedAt = DateTime.UtcNow, Status = CorrectionStatus.Fixed,
        };
        await using (var db = await databases.CreateDbContextAsync())
        {
            db.Corrections.Add(correction);
            await db.SaveChangesAsync();
        }
        var patches = Enumerable.Range(0, count).Select(_ => Patch.NeverFiring(model.Dimension)).ToList();
        services.GetRequiredService<PatchTensorStore>().SaveEdit(task, correction.Id, patches);
        var ids = patches.Select(p => p.Id).ToList();
        foreach (var patch in patches) patch.Dispose();
        await services.GetRequiredService<ModelVersions>().CreateAsync(task, live => [.. live, .. ids], "load-bench", correction.Input,
            (db, number) => db.Patches.AddRange(ids.Select((id, index) => new PatchRecord
            {
                Id = id, Model = task, CorrectionId = correction.Id, Index = index, Status = PatchStatus.Live, LiveInVersion = number,
                CreatedAt = DateTime.UtcNow, TrainedOnVersion = 1,
            })));
    }
}
