using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Scale;

/// <summary>
/// A portal whose question answerer has a deployment-size history, seeded once per test class: thousands of versions
/// with a retain measurement each, then ten thousand live edits, each edit's patch in its own file as corrections
/// leave them, served by the newest version. The patches never fire: nothing is trained.
/// </summary>
public sealed class PortalAtScale : TestPortal, IAsyncLifetime
{
    public const int Edits = 10_000;
    public const int Versions = 3_000;

    public async Task InitializeAsync()
    {
        await ReadyAsync([ManyRows.Model]);
        await ManyRows.AddVersionsAsync(this, Versions, listed: 200);
        await ManyRows.AddEditsAsync(this, Edits);
        await ServeLiveEditsAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    private async Task ServeLiveEditsAsync()
    {
        var paths = Services.GetRequiredService<PortalPaths>();
        var dimension = Services.GetRequiredService<ModelRegistry>()[ManyRows.Model].Dimension;
        await using var db = await Seed.Databases(this).CreateDbContextAsync();
        var records = db.Patches.Where(p => p.Model == ManyRows.Model && p.Status == PatchStatus.Live).ToList();
        foreach (var record in records)
        {
            using var patch = new Patch(record.Id, TorchSharp.torch.zeros(dimension), TorchSharp.torch.full(1, -100f), TorchSharp.torch.zeros(dimension));
            PatchFile.Save(paths.EditFile(ManyRows.Model, record.CorrectionId), [patch]);
        }
        var ids = records.Select(r => r.Id).ToList();
        var version = await Services.GetRequiredService<ModelVersions>().CreateAsync(ManyRows.Model, _ => ids, "scale", "ten thousand edits");
        db.Metrics.Add(new MetricSnapshot { Model = ManyRows.Model, ModelVersion = version.Number, At = DateTime.UtcNow, EditCount = ids.Count, PatchCount = ids.Count, EditSuccess = 1 });
        await db.SaveChangesAsync();
    }
}
