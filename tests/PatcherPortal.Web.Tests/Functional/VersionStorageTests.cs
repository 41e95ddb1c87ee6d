using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Tests.Scale;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>Beside hundreds of live patches, approving, removing and rolling back store each version as its change (no
/// file of all live patches per version), and every version still serves, downloads and restarts with exactly its patches.</summary>
public sealed class VersionStorageTests
{
    private const int Live = 300;

    [Fact]
    public async Task Versions_stored_as_changes_serve_download_roll_back_and_restart_with_exactly_their_patches()
    {
        var directory = Path.Combine(Path.GetTempPath(), "patcher-portal-tests", Guid.NewGuid().ToString("N")[..12]);
        TinyModelCache.CopyTo(directory);
        var first = new RestartedPortal(directory);
        await first.ReadyAsync([ManyRows.Model]);
        await ManyRows.ServeEditsAsync(first, Live);                                   // v2, a snapshot
        var administration = first.Services.GetRequiredService<PatchAdministration>();
        var (_, a) = await Seed.PendingPatchAsync(first, "Which patch comes first?");
        var (_, b) = await Seed.PendingPatchAsync(first, "Which patch comes second?");
        await administration.ApproveAsync(a, Users.Admin, "checked");                   // v3
        await administration.ApproveAsync(b, Users.Admin, "checked");                   // v4
        await administration.RemoveAsync(a, Users.Admin, "not needed");                 // v5

        await using (var db = await Seed.Databases(first).CreateDbContextAsync())
        {
            var changes = await db.ModelVersions.Where(v => v.Model == ManyRows.Model && v.Number > 2).OrderBy(v => v.Number).ToListAsync();
            Assert.All(changes, v => Assert.False(v.IsSnapshot));
            Assert.All(changes, v => Assert.Null(v.PatchFile));
            Assert.Equal([[a], [b], []], changes.Select(v => v.AddedIds));
            Assert.Equal([[], [], [a]], changes.Select(v => v.RemovedIds));
        }
        var versionFiles = Path.GetDirectoryName(first.Services.GetRequiredService<PortalPaths>().VersionFile(ManyRows.Model, 2))!;
        Assert.Equal(["v00002.safetensors"], Directory.GetFiles(versionFiles).Select(Path.GetFileName));
        var served = first.Services.GetRequiredService<ModelRegistry>()[ManyRows.Model];
        Assert.Equal((5, Live + 1), (served.Version, served.PatchCount));

        var admin = PortalClient.WithApiKey(first, (await first.Services.GetRequiredService<ApiKeys>().CreateAsync("ops", Roles.Admin, "test")).Secret);
        var download = await admin.GetAsync($"/api/models/{ManyRows.Model}/versions/4/patches");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var file = Path.Combine(directory, "v4-download.safetensors");
        await File.WriteAllBytesAsync(file, await download.Content.ReadAsByteArrayAsync());
        var downloaded = PatchFile.Load(file, served.Dimension);
        Assert.Equal(Live + 2, downloaded.Count);
        Assert.Equal([a, b], downloaded.TakeLast(2).Select(p => p.Id));
        downloaded.ForEach(p => p.Dispose());

        await administration.RollBackAsync(ManyRows.Model, 3, Users.Admin, "b was wrong");  // v6: the live set of v3
        Assert.Equal((6, Live + 1), (served.Version, served.PatchCount));
        await using (var db = await Seed.Databases(first).CreateDbContextAsync())
        {
            Assert.Equal((PatchStatus.Live, PatchStatus.Removed), ((await db.Patches.FindAsync(a))!.Status, (await db.Patches.FindAsync(b))!.Status));
            var v6 = await db.ModelVersions.SingleAsync(v => v.Model == ManyRows.Model && v.Number == 6);
            Assert.Equal([a], v6.AddedIds);
            Assert.Equal([b], v6.RemovedIds);
        }
        await first.DisposeAsync();

        using var restarted = new RestartedPortal(directory);
        await restarted.ReadyAsync([ManyRows.Model]);
        var again = restarted.Services.GetRequiredService<ModelRegistry>()[ManyRows.Model];
        Assert.Equal((6, Live + 1), (again.Version, again.PatchCount));
        Assert.Null(again.Warning);
        await restarted.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}
