using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Engine.Training;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Reliability;

/// <summary>A portal whose patch jobs pause after every training step, so a test can act while one is mid-training.</summary>
public sealed class SlowTrainingPortal : TestPortal
{
    public static readonly TimeSpan StepPause = TimeSpan.FromSeconds(10);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Portal:Faults:TrainingStepPause", StepPause.ToString());
    }
}

/// <summary>Training runs on its own copy of the model: the served model keeps answering while a patch trains.</summary>
public sealed class ServingWhileTrainingTests(SlowTrainingPortal portal) : IClassFixture<SlowTrainingPortal>
{
    [Fact]
    public async Task Predictions_are_answered_promptly_while_a_patch_for_the_same_model_trains()
    {
        await portal.ReadyAsync();
        var keys = portal.Services.GetRequiredService<ApiKeys>();
        using var service = PortalClient.WithApiKey(portal, (await keys.CreateAsync("service", Roles.Annotator, "test")).Secret);
        var (claim, label) = Facts.WrongClaims(portal.Services.GetRequiredService<ModelRegistry>()["fc"]).First();
        var report = await service.PostAsJsonAsync("/api/corrections", new { task = "fc", input = claim, target = label });
        Assert.Equal(HttpStatusCode.Accepted, report.StatusCode);
        var id = (await report.Content.ReadFromJsonAsync<ReportResponse>())!.CorrectionId;
        var progress = portal.Services.GetRequiredService<JobProgress>();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (progress.Get(id) is not { Points.Count: > 0 })
        {
            Assert.True(DateTime.UtcNow < deadline, "The patch job did not start training.");
            await Task.Delay(50);
        }

        var latencies = new List<TimeSpan>();
        foreach (var input in TinyBaseModels.Claims(TinyBaseModels.Facts().Take(4)).Select(c => c.Input))
        {
            var clock = Stopwatch.StartNew();
            Assert.Contains((await service.PredictAsync("fc", input)).Output, BaseModelFactory.FactLabels);
            latencies.Add(clock.Elapsed);
        }

        // A prediction that queued behind the training (a shared lock, a busy model) would wait at least one paused step.
        Assert.False(progress.Get(id)!.Finished, "The job finished before the predictions: nothing was shown.");
        Assert.All(latencies, latency => Assert.True(latency < SlowTrainingPortal.StepPause, $"A prediction took {latency.TotalMilliseconds:F0} ms: it waited for a training step."));
    }

}
