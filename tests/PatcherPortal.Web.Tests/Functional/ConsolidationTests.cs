using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Consolidation;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>An admin folds a served patch into the base; annotators cannot start a consolidation.</summary>
public sealed class ConsolidationTests(ConsolidationTests.Portal portal) : IClassFixture<ConsolidationTests.Portal>, IAsyncLifetime
{
    /// <summary>The tiny models need a livelier fine-tuning than the defaults, and their test set (rephrasings of known
    /// facts) holds a single example the base gets right, so TestR is not judged here; TrainR and ER are, strictly.</summary>
    public class Portal : TestPortal
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Portal:Consolidation:Training:LearningRate", "0.002");
            builder.UseSetting("Portal:Consolidation:Training:BatchSize", "16");
            builder.UseSetting("Portal:Consolidation:MinSteps", "120");
            builder.UseSetting("Portal:Consolidation:TrainedBlocks", "0");
            builder.UseSetting("Portal:Consolidation:Tolerances:EditSuccess", "0");
            builder.UseSetting("Portal:Consolidation:Tolerances:TrainRetain", "0.05");
            builder.UseSetting("Portal:Consolidation:Tolerances:TestRetain", "1");
        }
    }

    private HttpClient admin = default!;

    public async Task InitializeAsync()
    {
        await portal.ReadyAsync();
        var keys = portal.Services.GetRequiredService<ApiKeys>();
        admin = PortalClient.WithApiKey(portal, (await keys.CreateAsync("ops", Roles.Admin, "test")).Secret);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_annotator_cannot_start_a_consolidation_nor_open_its_page()
    {
        var annotator = await PortalClient.SignedInAsync(portal, TestPortal.AnnotatorEmail);

        var response = await annotator.PostAsync("/api/models/qa/consolidate", null);
        var page = await annotator.GetAsync("/consolidation");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/access-denied", page.Headers.Location!.ToString());
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.ConsolidationRuns.AnyAsync(r => r.RequestedBy == TestPortal.AnnotatorEmail));
    }

    [Fact]
    public async Task An_admin_sees_the_schedule_with_its_configured_tolerances_and_a_consolidate_now_button_per_model()
    {
        var signedIn = await PortalClient.SignedInAsync(portal, TestPortal.AdminEmail);

        var page = await signedIn.GetStringAsync("/consolidation");

        Assert.Contains("0 3 * * *", page);
        Assert.Contains("TrainR by 0.05", page);
        Assert.Contains("consolidate-qa", page);
        Assert.Contains("consolidate-fc", page);
    }

    [Fact]
    public async Task Consolidating_folds_the_served_patch_into_a_new_base_that_gives_the_same_answers_and_roll_back_restores_the_patch()
    {
        var report = await admin.PostAsJsonAsync("/api/corrections", new { task = "qa", input = Facts.Question, target = Facts.Answer, paraphrases = new[] { Facts.Paraphrase } });
        var correction = (await report.Content.ReadFromJsonAsync<ReportResponse>())!;
        var done = await WaitAsync<CorrectionStatusResponse>($"/api/corrections/{correction.CorrectionId}", s => s.Status is not ("Queued" or "Training"));
        Assert.Equal("Fixed", done.Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/patches/{done.Patches[0].PatchId}/approve", new { reason = "checked" })).StatusCode);
        var patched = await PredictAsync(Facts.Question);
        Assert.Equal(Facts.Answer, patched.Output);
        Assert.NotEmpty(patched.FiredPatches);

        var queued = await admin.PostAsync("/api/models/qa/consolidate", null);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var runId = (await queued.Content.ReadFromJsonAsync<ConsolidationQueuedResponse>())!.RunId;
        var run = await WaitAsync<ConsolidationRunResponse>($"/api/consolidations/{runId}", r => r.Status is "Accepted" or "Refused" or "Failed");

        Assert.True(run.Status == "Accepted", run.Reason);
        Assert.Equal((1, 0, done.Patches.Count, 0), (run.EditsFolded, run.EditsKept, run.PatchesBefore, run.PatchesAfter));
        Assert.Equal((1.0, 1.0), (run.ErBefore, run.ErAfter));
        var consolidated = await PredictAsync(Facts.Question);
        Assert.Equal((Facts.Answer, run.ToVersion!.Value), (consolidated.Output, consolidated.ModelVersion));
        Assert.Empty(consolidated.FiredPatches);
        Assert.Equal(Facts.Answer, (await PredictAsync(Facts.Paraphrase)).Output);
        var status = await admin.GetFromJsonAsync<CorrectionStatusResponse>($"/api/corrections/{correction.CorrectionId}");
        Assert.All(status!.Patches, p => Assert.Equal("Retired", p.Status));
        Assert.NotNull(portal.Services.GetRequiredService<ModelRegistry>()["qa"].BaseModel);

        var rollback = await admin.PostAsJsonAsync("/api/models/qa/rollback", new { version = patched.ModelVersion, reason = "compare" });
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        var restored = await PredictAsync(Facts.Question);
        Assert.Equal(Facts.Answer, restored.Output);
        Assert.NotEmpty(restored.FiredPatches);
        Assert.Null(portal.Services.GetRequiredService<ModelRegistry>()["qa"].BaseModel);
    }

    private async Task<PredictResponse> PredictAsync(string input)
    {
        var response = await admin.PostAsJsonAsync("/api/predict", new { task = "qa", input });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PredictResponse>())!;
    }

    private async Task<T> WaitAsync<T>(string url, Func<T, bool> finished)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            var value = (await admin.GetFromJsonAsync<T>(url))!;
            if (finished(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException(JsonSerializer.Serialize(value));
            await Task.Delay(500);
        }
    }
}
