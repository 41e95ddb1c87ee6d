using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Patching;

/// <summary>
/// The admin's decisions on patches. They act on a whole edit (a generation edit may have one patch per answer token),
/// each makes a new model version when the live set changes, and each is audited with who, when and why.
/// </summary>
public sealed class PatchAdministration(IDbContextFactory<PortalDbContext> databases, ModelVersions versions)
{
    public async Task<string> ApproveAsync(Guid patchId, ClaimsPrincipal user, string? reason)
    {
        user.DemandAdmin();
        var (modelName, edit) = await EditOfAsync(patchId, PatchStatus.Pending, "approved");
        var ids = edit.Select(p => p.Id).ToList();
        var version = await versions.CreateAsync(modelName, live => [.. live, .. ids], user.Actor(), reason ?? $"Approved {Describe(edit)}",
            (db, _) => Decide(db, ids, user, reason, "patch.approved", edit[0].CorrectionId), cause: new PatchCause(PatchEventKind.Approved, reason));
        return $"Approved; the model is now v{version.Number}.";
    }

    public async Task<string> RejectAsync(Guid patchId, ClaimsPrincipal user, string? reason)
    {
        user.DemandAdmin();
        var (_, edit) = await EditOfAsync(patchId, PatchStatus.Pending, "rejected");
        await using var db = await databases.CreateDbContextAsync();
        var ids = edit.Select(p => p.Id).ToList();
        foreach (var record in await db.Patches.Where(p => ids.Contains(p.Id)).ToListAsync())
            PatchHistory.Move(db, record, PatchStatus.Rejected, PatchEventKind.Rejected, user.Actor(), reason);
        Decide(db, ids, user, reason, "patch.rejected", edit[0].CorrectionId);
        await db.SaveChangesAsync();
        return "Rejected; the model is unchanged.";
    }

    public async Task<string> RemoveAsync(Guid patchId, ClaimsPrincipal user, string? reason)
    {
        user.DemandAdmin();
        var (modelName, edit) = await EditOfAsync(patchId, PatchStatus.Live, "removed");
        var ids = edit.Select(p => p.Id).ToHashSet();
        var version = await versions.CreateAsync(modelName, live => live.Where(id => !ids.Contains(id)).ToList(), user.Actor(),
            reason ?? $"Removed {Describe(edit)}", (db, _) => Decide(db, ids, user, reason, "patch.removed", edit[0].CorrectionId),
            cause: new PatchCause(PatchEventKind.Removed, reason));
        return $"Removed; the model is now v{version.Number}.";
    }

    public async Task<string> RollBackAsync(string modelName, int number, ClaimsPrincipal user, string? reason)
    {
        user.DemandAdmin();
        await using var db = await databases.CreateDbContextAsync();
        var target = await db.ModelVersions.SingleOrDefaultAsync(v => v.Model == modelName && v.Number == number)
            ?? throw new InvalidOperationException($"There is no version v{number} of the model '{modelName}'.");
        var why = $"Rolled back to v{number}" + (string.IsNullOrWhiteSpace(reason) ? "" : $": {reason}");
        var targetIds = (await VersionChain.LiveAsync(db, target)).Ids;
        var version = await versions.CreateAsync(modelName, _ => targetIds, user.Actor(), why,
            (db, created) => Audit.Audit.Record(db, user.Actor(), "version.rolled-back", $"{modelName} v{number}", reason, $"as v{created}"),
            new BaseChange(target.BaseModel), new PatchCause(PatchEventKind.RolledBack, why));
        return $"Rolled back to the patches of v{number}; the model is now v{version.Number}.";
    }

    private async Task<(string, List<PatchRecord>)> EditOfAsync(Guid patchId, PatchStatus expected, string verb)
    {
        await using var db = await databases.CreateDbContextAsync();
        var patch = await db.Patches.FindAsync(patchId) ?? throw new KeyNotFoundException($"There is no patch {patchId}.");
        if (patch.Status != expected)
            throw new InvalidOperationException($"Only {expected.ToString().ToLowerInvariant()} patches can be {verb}; this one is {patch.Status.ToString().ToLowerInvariant()}.");
        var edit = await db.Patches.Include(p => p.Correction).Where(p => p.CorrectionId == patch.CorrectionId && p.Status == expected)
            .OrderBy(p => p.Index).ToListAsync();
        return (patch.Model, edit);
    }

    private static void Decide(PortalDbContext db, IReadOnlyCollection<Guid> ids, ClaimsPrincipal user, string? reason, string action, int correctionId) =>
        Audit.Audit.Record(db, user.Actor(), action, $"Correction #{correctionId}", reason, $"{ids.Count} patch{(ids.Count == 1 ? "" : "es")}");

    private static string Describe(List<PatchRecord> edit) =>
        $"correction #{edit[0].CorrectionId} ({edit.Count} patch{(edit.Count == 1 ? "" : "es")})";
}
