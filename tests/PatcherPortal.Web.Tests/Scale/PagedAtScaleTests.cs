using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Tests.Support;
using Xunit.Abstractions;

namespace PatcherPortal.Web.Tests.Scale;

/// <summary>With ten thousand live edits, thousands of versions and their measurements, every list is read a page at a
/// time and every chart from a bounded sample: no page reads all rows.</summary>
public sealed class PagedAtScaleTests(PortalAtScale portal, ITestOutputHelper output) : IClassFixture<PortalAtScale>
{
    private const int Edits = PortalAtScale.Edits;
    private const int Versions = PortalAtScale.Versions;
    private PortalQueries Queries => portal.Services.GetRequiredService<PortalQueries>();

    [Fact]
    public async Task The_patch_inventory_is_read_a_page_at_a_time_newest_first_with_the_total_beside_it()
    {
        var first = await Queries.PatchesAsync(ManyRows.Model, PatchStatus.Live, null);
        var second = await Queries.PatchesAsync(ManyRows.Model, PatchStatus.Live, null, page: 1);

        Assert.Equal(PortalQueries.PageSize, first.Count);
        Assert.Equal(PortalQueries.PageSize, second.Count);
        Assert.Empty(first.Select(r => r.Patch.Id).Intersect(second.Select(r => r.Patch.Id)));
        Assert.True(first[^1].Patch.CreatedAt >= second[0].Patch.CreatedAt, "the second page continues where the first ends");
        Assert.Equal("Which synthetic fact is number 9999?", first[0].Correction.Input);
        Assert.True(await Queries.PatchCountAsync(ManyRows.Model, PatchStatus.Live, null) >= Edits);
        Assert.Equal(1, await Queries.PatchCountAsync(ManyRows.Model, null, "number 1234?"));
    }

    [Fact]
    public async Task An_edit_with_several_patches_counts_them_all_even_when_they_fall_on_different_pages()
    {
        var (correctionId, first) = await Seed.PendingPatchAsync(portal, "Which edit needs two patches?");
        await using (var db = await Seed.Databases(portal).CreateDbContextAsync())
        {
            db.Patches.Add(new PatchRecord { Id = Guid.NewGuid(), Model = ManyRows.Model, CorrectionId = correctionId, Index = 1,
                Status = PatchStatus.Pending, CreatedAt = DateTime.UtcNow.AddYears(-1), TrainedOnVersion = 1 });
            await db.SaveChangesAsync();
        }

        var row = (await Queries.PatchesAsync(ManyRows.Model, null, null)).Single(r => r.Patch.Id == first);

        Assert.Equal(2, row.EditPatchCount);
    }

    [Fact]
    public async Task The_audit_log_is_read_a_page_at_a_time_and_filters_before_paging()
    {
        var page = await Queries.AuditAsync(null, "correction.", page: 2);

        Assert.Equal(PortalQueries.PageSize, page.Count);
        Assert.All(page, e => Assert.StartsWith("correction.", e.Action));
        Assert.True(await Queries.AuditCountAsync(null, "correction.") >= Edits);
        Assert.Equal(["synthetic edit 9999"], (await Queries.AuditAsync("synthetic edit 9999", null)).Select(e => e.Details));
    }

    [Fact]
    public async Task Version_lists_and_growth_charts_read_a_bounded_number_of_versions_without_their_patch_lists()
    {
        var newest = await Queries.VersionsAsync(ManyRows.Model, newest: 20);
        var chart = await Queries.VersionsAsync(ManyRows.Model, points: 200);
        var count = await Queries.VersionCountAsync(ManyRows.Model);

        Assert.Equal(20, newest.Count);
        Assert.Equal(count, newest[^1].Number);
        Assert.All(newest, v => Assert.Empty(v.PatchIds));
        Assert.Equal(200, chart.Count);
        Assert.Equal(1, chart[0].Number);
        Assert.Equal(count, chart[^1].Number);
        Assert.True(count > Versions);
    }

    [Fact]
    public async Task The_retain_chart_reads_a_sample_that_ends_with_the_latest_measurements()
    {
        var total = await Queries.MetricCountAsync(ManyRows.Model);
        var sample = await Queries.MetricsAsync(ManyRows.Model, points: 200, latest: 8);

        Assert.True(total >= Versions);
        Assert.InRange(sample.Count, 200, 208);
        Assert.Equal(sample.OrderBy(s => s.ModelVersion).Select(s => s.Id), sample.Select(s => s.Id));
        var newestVersions = (await Queries.VersionsAsync(ManyRows.Model, newest: 8)).Select(v => v.Number).ToList();
        Assert.Subset(sample.Select(s => s.ModelVersion).ToHashSet(), newestVersions.Where(n => n > 1).ToHashSet());
    }

    [Theory]
    [InlineData("/patches?model=qa", "1-50 of")]
    [InlineData("/audit", "1-50 of")]
    [InlineData("/growth?model=qa", "Live patches")]
    [InlineData("/retain?model=qa", "The latest 8 of")]
    public async Task Each_page_renders_one_page_of_rows(string path, string expected)
    {
        var client = await PortalClient.SignedInAsync(portal, TestPortal.AdminEmail);
        await client.GetAsync(path); // warm-up: first render compiles and caches

        var clock = Stopwatch.StartNew();
        var html = await client.GetStringAsync(path);
        output.WriteLine($"{path}: {clock.ElapsedMilliseconds} ms, {html.Length:N0} characters");

        Assert.Contains(expected, html);
        Assert.True(Regex.Matches(html, "<tr").Count <= 2 * PortalQueries.PageSize + 20, $"{path} renders {Regex.Matches(html, "<tr").Count} table rows");
    }
}
