using PatcherPortal.Web.Data;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Review;

/// <summary>
/// A fixed correction closes the pending review items of the same model and input, wherever it came from (the API,
/// another item, the playground): they are linked to it as "wrong, corrected" instead of waiting for a verdict on an
/// answer the model no longer gives.
/// </summary>
public static class MatchingReviewItems
{
    public static void CloseWith(PortalDbContext db, Correction correction)
    {
        var key = Corrections.Normalize(correction.Input);
        var pending = db.ReviewItems.Where(r => r.Model == correction.Model && r.Status == ReviewStatus.Pending)
            .Select(r => new { r.Id, r.Input }).ToList().Where(r => Corrections.Normalize(r.Input) == key).Select(r => r.Id).ToList();
        foreach (var item in db.ReviewItems.Where(r => pending.Contains(r.Id)))
            (item.Status, item.ReviewedBy, item.ReviewedAt, item.CorrectionId) = (ReviewStatus.WrongCorrected, correction.Author, DateTime.UtcNow, correction.Id);
    }
}
