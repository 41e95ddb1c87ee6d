namespace PatcherPortal.Web.Consolidation;

/// <summary>
/// When consolidation runs by itself ("Portal:Consolidation": Enabled, Schedule, MinLivePatches): the initial values,
/// until an admin changes them on the consolidation page. The engine's options (Training, EditRepeats, ReplayRatio,
/// MinSteps, Tolerances) are read from the same section.
/// </summary>
public sealed record ConsolidationSchedule
{
    public bool Enabled { get; init; } = true;
    /// <summary>A cron expression, in UTC (Hangfire's syntax); default: every night at 03:00.</summary>
    public string Schedule { get; init; } = "0 3 * * *";
    /// <summary>The scheduled run does nothing while the model serves fewer live patches than this.</summary>
    public int MinLivePatches { get; init; } = 100;
}
