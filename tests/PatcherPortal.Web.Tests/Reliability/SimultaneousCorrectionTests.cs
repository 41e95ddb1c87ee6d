using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Engine.Training;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Review;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Reliability;

/// <summary>Two annotators (or a job and its re-queued copy) acting on the same mistake at the same moment.</summary>
public sealed class SimultaneousCorrectionTests(TestPortal portal) : IClassFixture<TestPortal>
{
    [Fact]
    public async Task Two_annotators_sending_the_same_correction_at_once_make_one_correction_and_one_patch()
    {
        await portal.ReadyAsync();
        var keys = portal.Services.GetRequiredService<ApiKeys>();
        using var anna = PortalClient.WithApiKey(portal, (await keys.CreateAsync("anna", Roles.Annotator, "test")).Secret);
        using var bert = PortalClient.WithApiKey(portal, (await keys.CreateAsync("bert", Roles.Annotator, "test")).Secret);
        var body = new { task = "qa", input = Facts.Question, target = Facts.Answer, wrongOutput = "?" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? anna : bert).PostAsJsonAsync("/api/corrections", body)));

        var accepted = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        var id = (await accepted.Content.ReadFromJsonAsync<ReportResponse>())!.CorrectionId;
        Assert.All(responses.Where(r => r != accepted), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        foreach (var conflict in responses.Where(r => r != accepted))
            Assert.Contains($"correction #{id}", await conflict.Content.ReadAsStringAsync());
        var done = await anna.WaitForJobAsync(id);
        Assert.Equal("Fixed", done.Status);
        await using var db = await Database();
        Assert.Equal(1, await db.Corrections.CountAsync(c => c.Input == Facts.Question));
        Assert.Equal(done.Patches.Count, await db.Patches.CountAsync(p => p.Correction!.Input == Facts.Question));
    }

    [Fact]
    public async Task Two_annotators_correcting_the_same_review_item_differently_at_once_make_one_correction()
    {
        await portal.ReadyAsync();
        var answerer = portal.Services.GetRequiredService<ModelRegistry>()["qa"];
        var facts = TinyBaseModels.Facts().Skip(40).ToList();
        var fact = facts.First(f => f.Question != Facts.Question && !answerer.Matches(answerer.Predict(f.Question).Output, f.Answer));
        var item = await portal.Services.GetRequiredService<Predictions>().AskAsync("qa", fact.Question, ReviewSource.Playground);
        var otherAnswer = facts.Select(f => f.Answer).First(a => a != fact.Answer && !answerer.Matches(item.Prediction.Output, a));
        var corrections = portal.Services.GetRequiredService<Corrections>();

        var results = await Task.WhenAll(new[] { fact.Answer, otherAnswer }.Select((answer, i) => Task.Run(() => corrections.SubmitAsync(
            new CorrectionRequest("qa", fact.Question, item.Prediction.Output, answer, [], item.ReviewItemId), $"annotator-{i}"))));

        var accepted = Assert.Single(results, r => r.Accepted);
        var refused = Assert.Single(results, r => !r.Accepted);
        Assert.Equal(accepted.CorrectionId, refused.DuplicateOf);
        Assert.Contains($"already corrected by annotator-", refused.Error);
        await using var db = await Database();
        Assert.Equal(1, await db.Corrections.CountAsync(c => c.ReviewItemId == item.ReviewItemId));
    }

    [Fact]
    public async Task A_job_and_its_requeued_copy_running_at_once_add_one_set_of_patches()
    {
        await portal.ReadyAsync();
        var (claim, label) = Facts.WrongClaims(portal.Services.GetRequiredService<ModelRegistry>()["fc"]).First();
        int id;
        await using (var db = await Database())
        {
            var correction = new Correction
            {
                Model = "fc", Input = claim, WrongOutput = BaseModelFactory.FactLabels.Single(l => l != label), Target = label,
                Author = "test", CreatedAt = DateTime.UtcNow, Status = CorrectionStatus.Queued,
            };
            db.Corrections.Add(correction);
            await db.SaveChangesAsync();
            id = correction.Id;
        }

        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            portal.Services.GetRequiredService<PatchJob>().RunAsync(id, CancellationToken.None))));

        await using var check = await Database();
        var result = await check.Corrections.Include(c => c.Patches).SingleAsync(c => c.Id == id);
        Assert.True(result.Status == CorrectionStatus.Fixed, result.Message);
        Assert.Single(result.Patches);
        Assert.Equal(1, await check.AuditLog.CountAsync(a => a.Action == "correction.fixed" && a.Subject == $"Correction #{id}"));
    }

    private Task<PortalDbContext> Database() =>
        portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

}
