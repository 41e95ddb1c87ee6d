using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Review;

/// <summary>What the review queue shows; every part is applied in the database. The confidence range keeps only items that have one.</summary>
public sealed record ReviewFilter(string? Model = null, ReviewStatus? Status = null, int? Version = null, string? Search = null,
    ReviewSource? Source = null, double? MinConfidence = null, double? MaxConfidence = null);

/// <summary>One page of the queue and how many items the filters match in all.</summary>
public sealed record ReviewPage(IReadOnlyList<ReviewItem> Items, int Total, int Skip, int Take);

public sealed record ReviewCounts(int Pending, int Correct, int WrongCorrected, int Skipped)
{
    public int Total => Pending + Correct + WrongCorrected + Skipped;
    public int Reviewed => Total - Pending;
}
