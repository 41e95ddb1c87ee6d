using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Components.Pages.Metrics;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Metrics;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>The retain metrics measure the live edits' neighbourhood: a neighbour an approved correction changed counts as
/// lost beside the kept shares, and once a reviewer marks that change intended it is no longer counted.</summary>
public sealed class NeighbourRetainTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    private HttpClient service = default!;
    private HttpClient admin = default!;

    public async Task InitializeAsync()
    {
        await portal.ReadyAsync();
        var keys = portal.Services.GetRequiredService<ApiKeys>();
        service = PortalClient.WithApiKey(portal, (await keys.CreateAsync("service", Roles.Annotator, "test")).Secret);
        admin = PortalClient.WithApiKey(portal, (await keys.CreateAsync("ops", Roles.Admin, "test")).Secret);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_approved_correction_that_changed_a_neighbour_shows_below_full_neighbours_kept_until_the_change_is_marked_intended()
    {
        var created = await service.PostAsJsonAsync("/api/models/qa/corrections", new { input = NeighbourCase.Question, target = NeighbourCase.Answer });
        var id = (await created.Content.ReadFromJsonAsync<ReportResponse>())!.CorrectionId;
        var done = await service.WaitForJobAsync(id);
        Assert.Equal("Fixed", done.Status);
        var listed = (await service.GetFromJsonAsync<NeighboursResponse>($"/api/models/qa/corrections/{id}/neighbours"))!;
        var changed = Assert.Single(listed.Changed, n => n.Input == NeighbourCase.Neighbour);

        var approved = await admin.PostAsJsonAsync($"/api/patches/{done.Patches[0].PatchId}/approve", new { reason = "checked" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var version = (await service.PredictAsync("qa", NeighbourCase.Question)).ModelVersion;
        var measured = await MeasurementAsync(version);

        Assert.Equal(listed.Checked, measured.NeighbourChecks);
        Assert.Equal(listed.Checked - listed.Changed.Count, Math.Round(measured.NeighbourRetain!.Value * measured.NeighbourChecks));
        Assert.True(measured.NeighbourRetain < 1);
        var page = await (await PortalClient.SignedInAsync(portal, TestPortal.AdminEmail)).GetStringAsync("/retain?model=qa");
        Assert.Contains($"{measured.NeighbourChecks} checked", page);
        Assert.Contains(RetainTable.Percent(measured.NeighbourRetain), page);

        var marked = await service.PutAsJsonAsync($"/api/models/qa/corrections/{id}/neighbours/{changed.Id}", new { verdict = "Intended" });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        var again = await MeasureAgainAsync(version);

        Assert.Equal(listed.Checked - 1, again.NeighbourChecks);
        Assert.Equal(listed.Checked - listed.Changed.Count, Math.Round(again.NeighbourRetain!.Value * again.NeighbourChecks));
    }

    private async Task<MetricSnapshot> MeasurementAsync(int version)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            await using var db = await Seed.Databases(portal).CreateDbContextAsync();
            if (await db.Metrics.SingleOrDefaultAsync(m => m.Model == "qa" && m.ModelVersion == version) is { } snapshot) return snapshot;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No retain measurement of qa v{version}.");
            await Task.Delay(250);
        }
    }

    /// <summary>A version is measured once; measuring it again means dropping its measurement first.</summary>
    private async Task<MetricSnapshot> MeasureAgainAsync(int version)
    {
        await using (var db = await Seed.Databases(portal).CreateDbContextAsync())
            await db.Metrics.Where(m => m.Model == "qa" && m.ModelVersion == version).ExecuteDeleteAsync();
        await portal.Services.GetRequiredService<MetricsJob>().RunAsync("qa", CancellationToken.None);
        return await MeasurementAsync(version);
    }
}
