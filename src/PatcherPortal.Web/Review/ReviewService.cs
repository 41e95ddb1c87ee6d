using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Review;

/// <summary>The review queue: filtered pages, counts, and verdicts that can be undone.</summary>
public sealed class ReviewService(IDbContextFactory<PortalDbContext> databases)
{
    public const int PageSize = 50;
    public const int MaxTake = 500;

    public async Task<List<ReviewItem>> ListAsync(ReviewFilter filter, int skip = 0, int take = PageSize) =>
        (await PageAsync(filter, skip, take)).Items.ToList();

    /// <summary>Items <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> in queue order (pending
    /// first, then newest first), and the total the filters match.</summary>
    public async Task<ReviewPage> PageAsync(ReviewFilter filter, int skip = 0, int take = PageSize)
    {
        if (skip < 0) throw new ArgumentException("skip is 0 or more.");
        if (take is < 1 or > MaxTake) throw new ArgumentException($"take is from 1 to {MaxTake}.");
        if (filter.MinConfidence > filter.MaxConfidence) throw new ArgumentException("The confidence range is empty: its minimum is above its maximum.");
        await using var db = await databases.CreateDbContextAsync();
        var items = Apply(db.ReviewItems.AsNoTracking(), filter);
        var total = await items.CountAsync();
        var page = await items.Include(r => r.Correction).ThenInclude(c => c!.Patches).ThenInclude(p => p.History.OrderBy(h => h.Id)).AsSplitQuery()
            .OrderBy(r => r.Status == ReviewStatus.Pending ? 0 : 1).ThenByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip(skip).Take(take).ToListAsync();
        return new ReviewPage(page, total, skip, take);
    }

    public async Task<ReviewCounts> CountAsync(ReviewFilter filter)
    {
        await using var db = await databases.CreateDbContextAsync();
        var counts = await Apply(db.ReviewItems, filter with { Status = null }).GroupBy(r => r.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        int Get(ReviewStatus status) => counts.GetValueOrDefault(status);
        return new ReviewCounts(Get(ReviewStatus.Pending), Get(ReviewStatus.Correct), Get(ReviewStatus.WrongCorrected), Get(ReviewStatus.Skipped));
    }

    public async Task<List<int>> VersionsAsync()
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.ReviewItems.Select(r => r.ModelVersion).Distinct().OrderBy(v => v).ToListAsync();
    }

    /// <summary>Sets a verdict and returns the previous one, for undo. A corrected item keeps its correction.</summary>
    public async Task<ReviewStatus> SetStatusAsync(int id, ReviewStatus status, string reviewer)
    {
        await using var db = await databases.CreateDbContextAsync();
        var item = await db.ReviewItems.FindAsync(id) ?? throw new KeyNotFoundException($"There is no review item #{id}.");
        var previous = item.Status;
        if (previous == ReviewStatus.WrongCorrected && status != ReviewStatus.WrongCorrected)
            throw new InvalidOperationException("This item already has a correction; its patch is managed on the Patches page.");
        item.Status = status;
        (item.ReviewedBy, item.ReviewedAt) = status == ReviewStatus.Pending ? (null, null) : (reviewer, (DateTime?)DateTime.UtcNow);
        await db.SaveChangesAsync();
        return previous;
    }

    /// <summary>Sets one verdict on the selected items still pending (others are left as they are); returns what changed, for undo.</summary>
    public async Task<List<(int Id, ReviewStatus Previous)>> SetPendingStatusAsync(IReadOnlyCollection<int> ids, ReviewStatus status, string reviewer)
    {
        await using var db = await databases.CreateDbContextAsync();
        var items = await db.ReviewItems.Where(r => ids.Contains(r.Id) && r.Status == ReviewStatus.Pending).ToListAsync();
        foreach (var item in items) (item.Status, item.ReviewedBy, item.ReviewedAt) = (status, reviewer, DateTime.UtcNow);
        await db.SaveChangesAsync();
        return items.Select(i => (i.Id, ReviewStatus.Pending)).ToList();
    }

    private static IQueryable<ReviewItem> Apply(IQueryable<ReviewItem> items, ReviewFilter filter)
    {
        if (filter.Model is { } modelName) items = items.Where(r => r.Model == modelName);
        if (filter.Status is { } status) items = items.Where(r => r.Status == status);
        if (filter.Version is { } version) items = items.Where(r => r.ModelVersion == version);
        if (filter.Source is { } source) items = items.Where(r => r.Source == source);
        if (filter.MinConfidence is { } min) items = items.Where(r => r.Confidence >= min);
        if (filter.MaxConfidence is { } max) items = items.Where(r => r.Confidence <= max);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = $"%{filter.Search.Trim()}%";
            items = items.Where(r => EF.Functions.Like(r.Input, pattern) || EF.Functions.Like(r.Output, pattern));
        }
        return items;
    }
}
