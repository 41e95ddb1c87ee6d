using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Review.Traffic;

/// <summary>
/// Keeps a model's review queue within its policy's bound: undecided items older than <c>MaxAgeDays</c> go, then the oldest
/// undecided ones beyond <c>MaxItems</c>. An item with a verdict or a correction is never removed. Receipts of ingested rows are
/// kept at least <see cref="ReceiptDays"/> days (the window in which a batch sent again is recognised).
/// </summary>
public sealed class ReviewRetention(IDbContextFactory<PortalDbContext> databases)
{
    public const int ReceiptDays = 30;

    /// <summary>Removes what the bound excludes and returns how many items went.</summary>
    public async Task<int> ApplyAsync(string modelName, SamplingPolicy policy, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var now = DateTime.UtcNow;
        var removable = db.ReviewItems.Where(i => i.Model == modelName && i.Status == ReviewStatus.Pending && i.CorrectionId == null
            && !db.Corrections.Any(c => c.ReviewItemId == i.Id));
        var expired = policy.MaxAgeDays is { } days
            ? await removable.Where(i => i.CreatedAt < now.AddDays(-days)).Select(i => i.Id).ToListAsync(cancellation) : [];
        if (policy.MaxItems is { } max && await db.ReviewItems.CountAsync(i => i.Model == modelName, cancellation) - expired.Count - max is > 0 and var excess)
            expired.AddRange(await removable.Where(i => !expired.Contains(i.Id)).OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).Take(excess)
                .Select(i => i.Id).ToListAsync(cancellation));
        foreach (var chunk in expired.Chunk(500))
        {
            await db.IngestReceipts.Where(r => r.ReviewItemId != null && chunk.Contains(r.ReviewItemId.Value))
                .ExecuteUpdateAsync(r => r.SetProperty(x => x.ReviewItemId, (int?)null), cancellation);
            await db.ReviewItems.Where(i => chunk.Contains(i.Id)).ExecuteDeleteAsync(cancellation);
        }
        var receiptCutoff = now.AddDays(-Math.Max(ReceiptDays, policy.MaxAgeDays ?? 0));
        await db.IngestReceipts.Where(r => r.Model == modelName && r.ReceivedAt < receiptCutoff).ExecuteDeleteAsync(cancellation);
        return expired.Count;
    }
}
