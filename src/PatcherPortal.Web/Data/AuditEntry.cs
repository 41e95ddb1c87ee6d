namespace PatcherPortal.Web.Data;

/// <summary>Who did what, when and why.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Subject { get; set; }
    public string? Reason { get; set; }
    public string? Details { get; set; }
}
