using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Patching;

public sealed record DashboardSummary(int PendingReviews, int ActiveJobs, int PendingPatches, int LivePatches);

public sealed class DashboardQueries(IDbContextFactory<PortalDbContext> databases)
{
    public async Task<DashboardSummary> SummaryAsync()
    {
        await using var db = await databases.CreateDbContextAsync();
        return new DashboardSummary(
            await db.ReviewItems.CountAsync(r => r.Status == ReviewStatus.Pending),
            await db.Corrections.CountAsync(c => c.Status == CorrectionStatus.Queued || c.Status == CorrectionStatus.Training),
            await db.Patches.CountAsync(p => p.Status == PatchStatus.Pending),
            await db.Patches.CountAsync(p => p.Status == PatchStatus.Live));
    }
}
