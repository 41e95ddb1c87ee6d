using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Patching;

/// <summary>The one way a patch changes status: the record takes the new status and its history gains the event that says why.</summary>
public static class PatchHistory
{
    public static void Move(PortalDbContext db, PatchRecord patch, PatchStatus status, PatchEventKind kind, string actor, string? reason,
        int? version = null, DateTime? at = null)
    {
        patch.Status = status;
        db.PatchEvents.Add(new PatchEvent
        {
            PatchId = patch.Id, Kind = kind, Status = status, Actor = actor, At = at ?? DateTime.UtcNow, Reason = reason, ModelVersion = version,
        });
    }

    /// <summary>One event as a sentence: "approved by ann in v3: checked".</summary>
    public static string Describe(PatchEvent change) =>
        $"{Verb(change.Kind)} by {change.Actor}{(change.ModelVersion is { } v ? $" in v{v}" : "")}{(string.IsNullOrWhiteSpace(change.Reason) ? "" : $": {change.Reason}")}";

    private static string Verb(PatchEventKind kind) => kind switch
    {
        PatchEventKind.Trained => "trained",
        PatchEventKind.Served => "served",
        PatchEventKind.RolledBack => "rolled back",
        PatchEventKind.Consolidated => "consolidated",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
