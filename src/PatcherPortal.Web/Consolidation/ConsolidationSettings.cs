using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Consolidation;

/// <summary>The consolidation schedule admins edit at run time, stored as portal settings over the configured defaults.</summary>
public sealed class ConsolidationSettings(IDbContextFactory<PortalDbContext> databases, IOptions<ConsolidationSchedule> configured,
    ConsolidationScheduler scheduler)
{
    private const string EnabledKey = "consolidation.enabled";
    private const string ScheduleKey = "consolidation.schedule";
    private const string ThresholdKey = "consolidation.min-live-patches";

    public async Task<ConsolidationSchedule> GetAsync(CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var stored = await db.Settings.Where(s => s.Key.StartsWith("consolidation.")).ToDictionaryAsync(s => s.Key, s => s.Value, cancellation);
        var defaults = configured.Value;
        return new ConsolidationSchedule
        {
            Enabled = stored.TryGetValue(EnabledKey, out var enabled) ? bool.Parse(enabled) : defaults.Enabled,
            Schedule = stored.GetValueOrDefault(ScheduleKey, defaults.Schedule),
            MinLivePatches = stored.TryGetValue(ThresholdKey, out var threshold) ? int.Parse(threshold, CultureInfo.InvariantCulture) : defaults.MinLivePatches,
        };
    }

    /// <summary>Applies the schedule to the recurring jobs first: a cron expression Hangfire refuses is reported and nothing is saved.</summary>
    public async Task SaveAsync(ConsolidationSchedule schedule, string actor, CancellationToken cancellation = default)
    {
        if (schedule.MinLivePatches < 1)
            throw new ArgumentException($"The minimum number of live patches must be at least 1, not {schedule.MinLivePatches}; the schedule was not saved.");
        if (string.IsNullOrWhiteSpace(schedule.Schedule))
            throw new ArgumentException("Give a cron schedule (UTC), e.g. 0 3 * * * for every night at 03:00; the schedule was not saved.");
        scheduler.Apply(schedule);
        await using var db = await databases.CreateDbContextAsync(cancellation);
        foreach (var (key, value) in new[] { (EnabledKey, schedule.Enabled.ToString()), (ScheduleKey, schedule.Schedule.Trim()),
                     (ThresholdKey, schedule.MinLivePatches.ToString(CultureInfo.InvariantCulture)) })
        {
            var setting = await db.Settings.FindAsync([key], cancellation);
            if (setting is null) db.Settings.Add(setting = new PortalSetting { Key = key, Value = "" });
            (setting.Value, setting.UpdatedAt, setting.UpdatedBy) = (value, DateTime.UtcNow, actor);
        }
        Audit.Audit.Record(db, actor, "settings.changed", "Consolidation schedule", details: schedule.Enabled
            ? $"Runs on '{schedule.Schedule.Trim()}' (UTC) when at least {schedule.MinLivePatches} patches are live." : "Scheduled consolidation is off.");
        await db.SaveChangesAsync(cancellation);
    }
}
