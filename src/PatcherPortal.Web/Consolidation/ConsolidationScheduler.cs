using Hangfire;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Consolidation;

/// <summary>One recurring Hangfire job per model, on the model's own queue, so a consolidation never overlaps its patch jobs.
/// <see cref="ConsolidationSetup"/> gives it a job manager that reckons the next run on the portal's clock
/// (<see cref="TimeProvider"/>), so tests can move that clock.</summary>
public sealed class ConsolidationScheduler(IRecurringJobManager recurring)
{
    public static string JobId(ModelTask task) => $"consolidate-{task.Code()}";

    public void Apply(ConsolidationSchedule schedule)
    {
        foreach (var task in ModelTaskExtensions.All)
        {
            if (!schedule.Enabled) { recurring.RemoveIfExists(JobId(task)); continue; }
            try
            {
                recurring.AddOrUpdate<ConsolidationJob>(JobId(task), JobQueues.For(task), job => job.ScheduledAsync(task, CancellationToken.None),
                    schedule.Schedule.Trim(), new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            }
            catch (Exception error) when (error is ArgumentException or FormatException)
            {
                throw new ArgumentException($"'{schedule.Schedule}' is not a cron expression Hangfire accepts: {error.Message}", error);
            }
        }
    }
}

/// <summary>Registers the recurring jobs with the stored schedule when the portal starts.</summary>
public sealed class ConsolidationStartup(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = services.GetRequiredService<ConsolidationSettings>();
        services.GetRequiredService<ConsolidationScheduler>().Apply(await settings.GetAsync(cancellationToken));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
