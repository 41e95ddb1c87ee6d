using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Patching;

/// <summary>
/// A correction that fixed nothing is tried again as a new correction of the same mistake (same input, wrong output and
/// review item): with an edited target or paraphrases by anyone, with a higher patch limit by an admin. The failed one
/// stays in the history.
/// </summary>
public sealed class CorrectionRetries(IDbContextFactory<PortalDbContext> databases, Corrections corrections)
{
    public async Task<CorrectionResult> RetryAsync(int correctionId, string target, IReadOnlyList<string> paraphrases, int? patchLimit,
        ClaimsPrincipal user)
    {
        await using var db = await databases.CreateDbContextAsync();
        var failed = await db.Corrections.FindAsync(correctionId);
        if (failed is null) return new CorrectionResult(null, $"There is no correction #{correctionId}.");
        if (failed.Status != CorrectionStatus.Failed)
            return new CorrectionResult(null, $"Only a correction that fixed nothing can be tried again; #{correctionId} is {failed.Status.ToString().ToLowerInvariant()}.");
        if (patchLimit is not null && patchLimit != failed.PatchLimit && !user.IsAdmin())
            return new CorrectionResult(null, "Only an admin can change the patch limit; edit the answer instead, or ask an admin.");

        var result = await corrections.SubmitAsync(
            new CorrectionRequest(failed.Model, failed.Input, failed.WrongOutput, target, paraphrases, failed.ReviewItemId, patchLimit), user.Actor());
        if (result.CorrectionId is { } retry)
        {
            Audit.Audit.Record(db, user.Actor(), "correction.retried", $"Correction #{correctionId}", details:
                $"as #{retry}, target '{target.Trim()}'" + (patchLimit is { } limit ? $", at most {limit} patches" : ""));
            await db.SaveChangesAsync();
        }
        return result;
    }
}
