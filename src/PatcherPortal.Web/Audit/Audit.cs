using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Audit;

/// <summary>Adds an audit entry to the same unit of work as the action it records, so both are saved or neither.</summary>
public static class Audit
{
    public static void Record(PortalDbContext db, string actor, string action, string subject, string? reason = null, string? details = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = DateTime.UtcNow, Actor = actor, Action = action, Subject = subject,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), Details = details,
        });
}
