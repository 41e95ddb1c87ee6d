using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>A production service reports a mistake through the API; an admin approves and later removes the patch.</summary>
public sealed class PatchFlowTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
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
    public async Task Report_patch_approve_serve_then_remove_restores_the_old_answer()
    {
        var before = await PredictAsync(Facts.Question);
        Assert.NotEqual(Facts.Answer, before.Output);

        var report = await service.PostAsJsonAsync("/api/corrections", new { task = "qa", input = Facts.Question, target = Facts.Answer, paraphrases = new[] { Facts.Paraphrase } });
        Assert.Equal(HttpStatusCode.Accepted, report.StatusCode);
        var queued = (await report.Content.ReadFromJsonAsync<ReportResponse>())!;
        var done = await service.WaitForJobAsync(queued.CorrectionId);
        Assert.Equal("Fixed", done.Status);
        Assert.All(done.Patches, p => Assert.Equal("Pending", p.Status));
        Assert.All(done.Patches, p => Assert.True(p.EditActivation > p.MaxMemoryActivation));
        Assert.Equal(before.Output, (await PredictAsync(Facts.Question)).Output);

        var duplicate = await service.PostAsJsonAsync("/api/corrections", new { task = "qa", input = Facts.Paraphrase, target = Facts.Answer });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var approved = await admin.PostAsJsonAsync($"/api/patches/{done.Patches[0].PatchId}/approve", new { reason = "checked" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var fixedAnswer = await PredictAsync(Facts.Question);
        Assert.Equal(Facts.Answer, fixedAnswer.Output);
        Assert.Equal(2, fixedAnswer.ModelVersion);
        Assert.Contains(fixedAnswer.FiredPatches, f => f.CorrectionId == queued.CorrectionId);
        Assert.Equal(Facts.Answer, (await PredictAsync(Facts.Paraphrase)).Output);

        var removed = await admin.PostAsJsonAsync($"/api/patches/{done.Patches[0].PatchId}/remove", new { reason = "regression elsewhere" });
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var reverted = await PredictAsync(Facts.Question);
        Assert.Equal(before.Output, reverted.Output);
        Assert.Empty(reverted.FiredPatches);

        var rollback = await admin.PostAsJsonAsync("/api/models/qa/rollback", new { version = 2, reason = "bring it back" });
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(Facts.Answer, (await PredictAsync(Facts.Question)).Output);

        // A retried job finds its correction done and adds no second patch.
        await portal.Services.GetRequiredService<PatchJob>().RunAsync(queued.CorrectionId, CancellationToken.None);
        var again = await service.GetFromJsonAsync<CorrectionStatusResponse>($"/api/corrections/{queued.CorrectionId}");
        Assert.Equal(done.Patches.Select(p => p.PatchId), again!.Patches.Select(p => p.PatchId));
    }

    [Fact]
    public async Task Bad_reports_get_a_clear_message_and_nothing_is_queued()
    {
        var unknownTask = await service.PostAsJsonAsync("/api/corrections", new { task = "xx", input = "a", target = "b" });
        var badLabel = await service.PostAsJsonAsync("/api/corrections", new { task = "fc", input = "Bern is the capital of Switzerland.", target = "MAYBE" });
        var empty = await service.PostAsJsonAsync("/api/predict", new { task = "qa", input = "  " });

        Assert.Equal(HttpStatusCode.BadRequest, unknownTask.StatusCode);
        Assert.Contains("There is no model 'xx'", await unknownTask.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badLabel.StatusCode);
        Assert.Contains("'MAYBE' is not a label", await badLabel.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task A_job_that_dies_mid_training_leaves_the_model_as_it_was_and_runs_again_later()
    {
        var registry = portal.Services.GetRequiredService<ModelRegistry>();
        var (version, patches) = (registry["qa"].Version, registry["qa"].PatchCount);
        var before = await PredictAsync("What is the capital of Chile?");
        int id;
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var correction = new Correction
            {
                Model = "qa", Input = "What is the capital of Chile?", WrongOutput = before.Output, Target = "Santiago",
                Author = "test", CreatedAt = DateTime.UtcNow, Status = CorrectionStatus.Queued,
            };
            db.Corrections.Add(correction);
            await db.SaveChangesAsync();
            id = correction.Id;
        }
        using var dying = new CancellationTokenSource();
        var progress = portal.Services.GetRequiredService<JobProgress>();
        void Kill(int correctionId) { if (correctionId == id && progress.Get(id)?.Points.Count > 3) dying.Cancel(); }
        progress.Updated += Kill;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => portal.Services.GetRequiredService<PatchJob>().RunAsync(id, dying.Token));
        progress.Updated -= Kill;

        var after = await service.GetFromJsonAsync<CorrectionStatusResponse>($"/api/corrections/{id}");
        Assert.Equal("Queued", after!.Status);
        Assert.Empty(after.Patches);
        Assert.Equal((version, patches), (registry["qa"].Version, registry["qa"].PatchCount));
        Assert.Equal(before.Output, (await PredictAsync("What is the capital of Chile?")).Output);
    }

    private Task<PredictResponse> PredictAsync(string input) => service.PredictAsync("qa", input);
}
