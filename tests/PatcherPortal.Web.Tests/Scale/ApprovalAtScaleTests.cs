using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Tests.Support;
using Xunit.Abstractions;

namespace PatcherPortal.Web.Tests.Scale;

/// <summary>A model serving thousands of live patches, each edit's in its own file as corrections leave them: approving or
/// removing one patch stores and serves only that change. It reads the one edit's rows and file, not every live patch.</summary>
public sealed class ApprovalAtScaleTests(PortalAtScale portal, ITestOutputHelper output) : IClassFixture<PortalAtScale>
{
    private const int Live = PortalAtScale.Edits;

    [Fact]
    public async Task Approving_and_removing_one_patch_beside_thousands_of_live_ones_changes_only_that_patch()
    {
        var administration = portal.Services.GetRequiredService<PatchAdministration>();
        var served = portal.Services.GetRequiredService<ModelRegistry>()[ManyRows.Model];
        var (_, patch) = await Seed.PendingPatchAsync(portal, "Which patch joins ten thousand?");

        var clock = Stopwatch.StartNew();
        TimeSpan approve, remove;
        using (portal.Queries.Counting())
        {
            await administration.ApproveAsync(patch, Users.Admin, "checked");
            approve = clock.Elapsed;
            Assert.Equal(Live + 1, served.PatchCount);
            clock.Restart();
            await administration.RemoveAsync(patch, Users.Admin, "not needed");
            remove = clock.Elapsed;
        }

        output.WriteLine($"approve {approve.TotalMilliseconds:F0} ms, remove {remove.TotalMilliseconds:F0} ms with {Live:N0} live patches; " +
                         $"{portal.Queries.Commands} commands, {portal.Queries.RowsOf<PatchRecord>()} patch rows, {portal.Queries.RowsOf<ModelVersion>()} version rows read");
        Assert.InRange(portal.Queries.RowsOf<PatchRecord>(), 1, 20);
        Assert.InRange(portal.Queries.RowsOf<ModelVersion>(), 1, 20);
        Assert.InRange(portal.Queries.Commands, 1, 100);
        Assert.Equal(Live, served.PatchCount);
        var rows = await portal.Services.GetRequiredService<PortalQueries>().PatchesAsync(ManyRows.Model, PatchStatus.Live, null);
        Assert.Equal(PortalQueries.PageSize, rows.Count);
        Assert.DoesNotContain(rows, r => r.Patch.Id == patch);
        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        var changes = db.ModelVersions.Where(v => v.Model == ManyRows.Model).OrderByDescending(v => v.Number).Take(2).ToList();
        Assert.All(changes, v => Assert.Equal((false, null, 1), (v.IsSnapshot, v.PatchFile, v.AddedIds.Count + v.RemovedIds.Count)));
    }
}
