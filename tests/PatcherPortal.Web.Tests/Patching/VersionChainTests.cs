using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Tests.Patching;

/// <summary>Version storage grows with the changes made, not with the live set times the number of versions, and every
/// version reads back to exactly the patches it served, in their order.</summary>
public sealed class VersionChainTests : IDisposable
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");
    private readonly PortalDbContext db;

    public VersionChainTests()
    {
        connection.Open();
        db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(connection).Options);
        db.Database.Migrate();
        db.ModelVersions.Add(new ModelVersion { Model = "qa", Number = 1, CreatedBy = "system", Reason = "Base model" });
        db.SaveChanges();
    }

    [Fact]
    public async Task A_bank_grown_one_edit_at_a_time_stores_each_version_as_its_change_with_a_snapshot_now_and_then()
    {
        const int versions = 1_500;
        var expected = new Dictionary<int, List<Guid>> { [1] = [] };
        var served = new List<Guid>();
        for (var number = 2; number <= versions; number++)
        {
            served = [.. served, Guid.NewGuid()];
            if (number % 7 == 0) served.RemoveAt(number % served.Count); // now and then an admin removes an older edit
            await AddAsync(number, served);
            expected[number] = served;
        }

        var rows = await db.ModelVersions.AsNoTracking().ToListAsync();
        var stored = rows.Sum(v => v.PatchIds.Count + v.AddedIds.Count + v.RemovedIds.Count);
        var wholeLists = expected.Values.Sum(ids => ids.Count);
        Assert.True(stored * 20 < wholeLists, $"{stored:N0} ids stored; whole lists would be {wholeLists:N0}");
        Assert.InRange(rows.Count(v => v.IsSnapshot), versions / VersionChain.MaxChain, 2 * versions / VersionChain.MaxChain);
        foreach (var version in rows.Where(v => v.Number % 37 == 0 || v.Number > versions - 3))
        {
            var live = await VersionChain.LiveAsync(db, version);
            Assert.Equal(expected[version.Number], live.Ids);
            Assert.Equal(expected[version.Number].Count, version.PatchCount);
            Assert.True(live.ChainLength < VersionChain.MaxChain);
        }
    }

    [Fact]
    public async Task A_change_as_large_as_the_live_set_is_stored_whole_and_a_restored_older_set_keeps_its_order()
    {
        var first = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid()).ToList();
        await AddAsync(2, first);
        await AddAsync(3, [.. first, Guid.NewGuid()]);
        await AddAsync(4, []);            // everything removed (a consolidation)
        await AddAsync(5, first);         // a roll back to v2

        var rows = await db.ModelVersions.AsNoTracking().OrderBy(v => v.Number).ToListAsync();
        Assert.Equal([true, true, false, true, true], rows.Select(v => v.IsSnapshot));
        Assert.Equal(first, (await VersionChain.LiveAsync(db, rows[^1])).Ids);
        Assert.Equal(301, (await VersionChain.LiveAsync(db, rows[2])).Ids.Count);
    }

    private async Task AddAsync(int number, List<Guid> wanted)
    {
        var current = await db.ModelVersions.AsNoTracking().SingleAsync(v => v.Model == "qa" && v.Number == number - 1);
        var next = VersionChain.Next(await VersionChain.LiveAsync(db, current), wanted);
        var version = new ModelVersion { Model = "qa", Number = number, CreatedBy = "test", Reason = $"v{number}" };
        next.StoreIn(version);
        db.ModelVersions.Add(version);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    public void Dispose()
    {
        db.Dispose();
        connection.Dispose();
    }
}
