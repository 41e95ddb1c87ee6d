namespace PatcherPortal.Web.Data;

/// <summary>What moved a patch: an edit's training, an admin's decision, a new version (served, rolled back) or a consolidation.</summary>
public enum PatchEventKind { Trained, Served, Approved, Rejected, Removed, RolledBack, Consolidated }

/// <summary>One step of a patch's history: the status it entered, why, who, when, and the version that made it (if any).
/// A patch's status is its latest event's; earlier events are never rewritten.</summary>
public sealed class PatchEvent
{
    public long Id { get; set; }
    public Guid PatchId { get; set; }
    public PatchEventKind Kind { get; set; }
    public PatchStatus Status { get; set; }
    public required string Actor { get; set; }
    public DateTime At { get; set; }
    public string? Reason { get; set; }
    public int? ModelVersion { get; set; }
}
