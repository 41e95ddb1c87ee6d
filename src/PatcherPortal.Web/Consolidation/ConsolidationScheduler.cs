using Hangfire;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Consolidation;

/// <summary>One recurring Hangfire job per model, on the model's own queue, so a consolidation never overlaps its patch jobs.
/// <see cref="ConsolidationSetup"/> gives it a job manager that reckons the next run on the portal's clock
/// (<see cref="TimeProvider"/>), so tests can move that clock.</summary>
public sealed class ConsolidationScheduler(IRecurringJobManager recurring, ModelRegistry registry)
{
    public static string JobId(string modelName) => $"consolidate-{modelName}";

    /// <summary>Applies the schedule to every model in service.</summary>
    public void Apply(ConsolidationSchedule schedule)
    {
        foreach (var model in registry.All) Apply(schedule, model.Name);
    }

    public void Apply(ConsolidationSchedule schedule, string modelName)
    {
        if (!schedule.Enabled) { Remove(modelName); return; }
        try
        {
            recurring.AddOrUpdate<ConsolidationJob>(JobId(modelName), JobQueues.For(modelName), job => job.ScheduledAsync(modelName, CancellationToken.None),
                schedule.Schedule.Trim(), new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        catch (Exception error) when (error is ArgumentException or FormatException)
        {
            throw new ArgumentException($"'{schedule.Schedule}' is not a cron expression Hangfire accepts: {error.Message}", error);
        }
    }

    /// <summary>A retired model is consolidated no more.</summary>
    public void Remove(string modelName) => recurring.RemoveIfExists(JobId(modelName));
}
