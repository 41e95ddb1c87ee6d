using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Patching.Neighbours;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>What else a candidate changed is listed before anyone approves it, each change can be marked, and a retrain
/// keeping the regressions replaces the candidate with one that leaves them alone.</summary>
public sealed class NeighbourApiTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    private HttpClient service = default!;

    public async Task InitializeAsync()
    {
        await portal.ReadyAsync();
        service = PortalClient.WithApiKey(portal, (await portal.Services.GetRequiredService<ApiKeys>().CreateAsync("service", Roles.Annotator, "test")).Secret);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_changed_neighbour_is_listed_before_approval_and_a_retrain_keeping_it_gives_a_candidate_that_leaves_it_alone()
    {
        var id = await ReportAsync(NeighbourCase.Question, NeighbourCase.Answer);
        var first = await service.WaitForJobAsync(id);
        Assert.Equal("Fixed", first.Status);
        Assert.All(first.Patches, p => Assert.Equal("Pending", p.Status));

        var listed = await NeighboursAsync(id);
        Assert.True(listed.Checked >= NeighbourFinder.Nearest, $"only {listed.Checked} neighbours asked");
        var changed = Assert.Single(listed.Changed, n => n.Input == NeighbourCase.Neighbour);
        Assert.Equal(NeighbourCase.NeighbourBefore, changed.Before);
        Assert.NotEqual(changed.Before, changed.After);
        Assert.Contains(changed.PatchId!.Value, first.Patches.Select(p => p.PatchId));
        Assert.True(changed.PreActivation > 0);
        Assert.Equal("Unmarked", changed.Verdict);

        await ApiErrorTests.AssertProblemAsync(await service.PostAsync(Url(id, "retrain"), null), HttpStatusCode.Conflict,
            "Mark at least one of correction");
        var marked = await service.PutAsJsonAsync(Url(id, $"neighbours/{changed.Id}"), new { verdict = "regression" });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Equal("Regression", (await marked.Content.ReadFromJsonAsync<NeighbourResponse>())!.Verdict);

        var retrain = await service.PostAsync(Url(id, "retrain"), null);
        Assert.Equal(HttpStatusCode.Accepted, retrain.StatusCode);
        var second = await service.WaitForJobAsync(id);

        Assert.Equal("Fixed", second.Status);
        Assert.All(second.Patches.Where(p => first.Patches.Any(f => f.PatchId == p.PatchId)), p => Assert.Equal("Rejected", p.Status));
        Assert.Contains(second.Patches, p => p.Status == "Pending");
        var after = await NeighboursAsync(id);
        Assert.Equal(1, after.Retrains);
        Assert.DoesNotContain(after.Changed, n => n.Input == NeighbourCase.Neighbour);
        var kept = Assert.Single(after.Kept);
        Assert.Equal((NeighbourCase.Neighbour, NeighbourCase.NeighbourBefore, true), (kept.Input, kept.Answer, kept.Holds));
        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        var report = EditReport.FromJson((await db.Corrections.SingleAsync(c => c.Id == id)).ReportJson)!;
        Assert.All(report.Inputs, i => Assert.True(i.Correct, $"'{i.Input}' answers '{i.After}' after the retrain"));

        await ApiErrorTests.AssertProblemAsync(await service.PutAsJsonAsync(Url(id, $"neighbours/{changed.Id}"), new { verdict = "Intended" }),
            HttpStatusCode.Conflict, "a retrained one replaced");
    }

    [Fact]
    public async Task Marking_or_listing_what_does_not_exist_or_with_an_unknown_verdict_is_a_problem_that_changes_nothing()
    {
        await ApiErrorTests.AssertProblemAsync(await service.GetAsync("/api/models/qa/corrections/9999/neighbours"), HttpStatusCode.NotFound,
            "The model 'qa' has no correction #9999.");
        await ApiErrorTests.AssertProblemAsync(await service.PutAsJsonAsync("/api/models/qa/corrections/9999/neighbours/1", new { verdict = "maybe" }),
            HttpStatusCode.BadRequest, "'verdict' must be one of Unmarked, Intended, Regression; got 'maybe'.");
        await ApiErrorTests.AssertProblemAsync(await service.PutAsJsonAsync("/api/models/qa/corrections/9999/neighbours/1", new { verdict = "Regression" }),
            HttpStatusCode.NotFound, "no correction #9999");
        await ApiErrorTests.AssertProblemAsync(await service.PostAsync("/api/models/qa/corrections/abc/retrain", null), HttpStatusCode.BadRequest,
            "'abc' is not a valid id");
    }

    private async Task<int> ReportAsync(string input, string target)
    {
        var response = await service.PostAsJsonAsync("/api/models/qa/corrections", new { input, target });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ReportResponse>())!.CorrectionId;
    }

    private async Task<NeighboursResponse> NeighboursAsync(int id) => (await service.GetFromJsonAsync<NeighboursResponse>(Url(id, "neighbours")))!;

    private static string Url(int id, string rest) => $"/api/models/qa/corrections/{id}/{rest}";
}
