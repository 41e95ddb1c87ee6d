using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.Storage;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Consolidation;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>
/// The nightly consolidation, driven by a fake clock: Hangfire's own recurring-job scheduler runs at the fake time, the
/// portal's workers run what it enqueues. The clock starts years ahead so the real scheduler never finds the job due.
/// </summary>
public sealed class ScheduledConsolidationTests(ScheduledConsolidationTests.Portal portal) : IClassFixture<ScheduledConsolidationTests.Portal>
{
    private static readonly DateTimeOffset Start = new(2031, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public sealed class Portal : ConsolidationTests.Portal
    {
        public FakeTimeProvider Clock { get; } = new(Start);

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    [Fact]
    public async Task The_nightly_run_waits_for_its_time_skips_a_model_below_the_minimum_of_live_patches_then_runs_and_is_recorded()
    {
        await portal.ReadyAsync();
        var settings = portal.Services.GetRequiredService<ConsolidationSettings>();
        var (version, live) = await ServeOneCorrectionAsync();
        await settings.SaveAsync(new ConsolidationSchedule { Enabled = true, Schedule = "0 3 * * *", MinLivePatches = live + 1 }, "test");

        portal.Clock.SetUtcNow(new DateTimeOffset(2031, 3, 2, 2, 59, 0, TimeSpan.Zero));
        await RunSchedulerAsync();
        Assert.Null(LastJob("qa"));

        portal.Clock.SetUtcNow(new DateTimeOffset(2031, 3, 2, 3, 0, 30, TimeSpan.Zero));
        await RunSchedulerAsync();
        await WaitForSucceededAsync(LastJob("qa"));
        await WaitForSucceededAsync(LastJob("fc"));
        Assert.Empty(await ScheduledRunsAsync());

        await settings.SaveAsync(new ConsolidationSchedule { Enabled = true, Schedule = "0 3 * * *", MinLivePatches = live }, "test");
        var skippedJob = LastJob("qa");
        portal.Clock.SetUtcNow(new DateTimeOffset(2031, 3, 3, 3, 0, 10, TimeSpan.Zero));
        await RunSchedulerAsync();
        var job = LastJob("qa");
        Assert.NotEqual(skippedJob, job);
        await WaitForSucceededAsync(job, TimeSpan.FromMinutes(5));

        var run = Assert.Single(await ScheduledRunsAsync());
        Assert.Equal(("qa", ConsolidationJob.ScheduleActor, version), (run.Model, run.RequestedBy, run.FromVersion));
        Assert.Equal(portal.Clock.GetUtcNow().UtcDateTime, run.QueuedAt);
        Assert.True(run.Finished && run.Status != ConsolidationStatus.Failed, $"{run.Status}: {run.Reason}");
        Assert.Equal(live, run.PatchesBefore);
    }

    /// <summary>Fixes one held-out question and approves it: the question answerer then serves its patches (one per
    /// answer token the base got wrong).</summary>
    private async Task<(int Version, int LivePatches)> ServeOneCorrectionAsync()
    {
        var keys = portal.Services.GetRequiredService<ApiKeys>();
        var admin = PortalClient.WithApiKey(portal, (await keys.CreateAsync("ops", Roles.Admin, "test")).Secret);
        var report = await admin.PostAsJsonAsync("/api/corrections", new { task = "qa", input = Facts.Question, target = Facts.Answer, paraphrases = new[] { Facts.Paraphrase } });
        var done = await admin.WaitForJobAsync((await report.Content.ReadFromJsonAsync<ReportResponse>())!.CorrectionId);
        Assert.Equal("Fixed", done.Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/patches/{done.Patches[0].PatchId}/approve", new { reason = "checked" })).StatusCode);
        return ((await admin.PredictAsync("qa", Facts.Question)).ModelVersion, done.Patches.Count);
    }

    /// <summary>One pass of Hangfire's recurring-job scheduler at the fake time: it enqueues every job then due.</summary>
    private Task RunSchedulerAsync()
    {
        var scheduler = new RecurringJobScheduler(new Hangfire.Client.BackgroundJobFactory(JobFilterProviders.Providers), TimeSpan.FromMilliseconds(1),
            new DefaultTimeZoneResolver(), () => portal.Clock.GetUtcNow().UtcDateTime);
        return Task.Run(() => scheduler.Execute(new BackgroundProcessContext("fake-clock", Storage, new Dictionary<string, object>(), CancellationToken.None)));
    }

    private JobStorage Storage => portal.Services.GetRequiredService<JobStorage>();

    private string? LastJob(string model)
    {
        using var connection = Storage.GetConnection();
        return connection.GetRecurringJobs([ConsolidationScheduler.JobId(model)]).Single().LastJobId;
    }

    private async Task WaitForSucceededAsync(string? jobId, TimeSpan? timeout = null)
    {
        Assert.NotNull(jobId);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(1));
        while (true)
        {
            using (var connection = Storage.GetConnection())
            {
                var state = connection.GetStateData(jobId)?.Name;
                if (state is "Succeeded") return;
                if (state is "Failed" or "Deleted") throw new InvalidOperationException($"Job {jobId} ended {state}.");
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Job {jobId} did not finish.");
            await Task.Delay(250);
        }
    }

    private async Task<List<ConsolidationRun>> ScheduledRunsAsync()
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.ConsolidationRuns.Where(r => r.Scheduled).ToListAsync();
    }
}
