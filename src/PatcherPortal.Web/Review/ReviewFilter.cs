using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Review;

public sealed record ReviewFilter(string? Model = null, ReviewStatus? Status = null, int? Version = null, string? Search = null);

public sealed record ReviewCounts(int Pending, int Correct, int WrongCorrected, int Skipped)
{
    public int Total => Pending + Correct + WrongCorrected + Skipped;
    public int Reviewed => Total - Pending;
}
