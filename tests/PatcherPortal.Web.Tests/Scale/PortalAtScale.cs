using PatcherPortal.Web.Data;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Scale;

/// <summary>
/// A portal whose question answerer has a deployment-size history, seeded once per test class: thousands of versions
/// with a retain measurement each, then ten thousand live edits, each edit's patch in its own file as corrections
/// leave them, served by the newest version. The patches never fire: nothing is trained. Its database queries are counted.
/// </summary>
public sealed class PortalAtScale : CountedPortal, IAsyncLifetime
{
    public const int Edits = 10_000;
    public const int Versions = 3_000;

    public async Task InitializeAsync()
    {
        await ReadyAsync([ManyRows.Model]);
        var ids = await ManyRows.AddEditsWithFilesAsync(this, Edits);
        await ManyRows.AddVersionsAsync(this, Versions, ids.Take(200).ToList());
        var version = await ManyRows.ServeAsync(this, ids);
        await using var db = await Seed.Databases(this).CreateDbContextAsync();
        db.Metrics.Add(new MetricSnapshot { Model = ManyRows.Model, ModelVersion = version.Number, At = DateTime.UtcNow, EditCount = Edits, PatchCount = Edits, EditSuccess = 1 });
        await db.SaveChangesAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
