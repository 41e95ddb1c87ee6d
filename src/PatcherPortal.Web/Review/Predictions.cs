using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Validation;

namespace PatcherPortal.Web.Review;

/// <summary>A prediction as logged for review, with the patches that fired (and the edits they came from).</summary>
public sealed record LoggedPrediction(int ReviewItemId, Prediction Prediction, IReadOnlyList<FiredPatchInfo> Fired);

/// <summary>A patch that fired, with the correction it came from: its input and the target as the annotator typed it.</summary>
public sealed record FiredPatchInfo(Guid PatchId, double PreActivation, int? CorrectionId, string? EditInput, string? EditTarget = null);

/// <summary>Asks a model and logs the answer in the review queue (playground and API traffic).</summary>
public sealed class Predictions(ModelRegistry registry, IDbContextFactory<PortalDbContext> databases)
{
    public async Task<LoggedPrediction> AskAsync(string modelName, string input, ReviewSource source)
    {
        var model = registry[modelName];
        var what = $"the {model.InputLabel.ToLowerInvariant()}";
        input = UserText.Require(input, what);
        if (model.InputProblem(input, what) is { } tooLong) throw new ArgumentException(tooLong);
        var prediction = await Task.Run(() => model.Predict(input));
        await using var db = await databases.CreateDbContextAsync();
        var item = new ReviewItem
        {
            Model = modelName, Input = input, Output = prediction.Output, ModelVersion = prediction.Version, Source = source,
            Status = ReviewStatus.Pending, CreatedAt = DateTime.UtcNow,
        };
        db.ReviewItems.Add(item);
        await db.SaveChangesAsync();
        var ids = prediction.FiredPatches.Select(f => f.PatchId).ToList();
        var owners = await db.Patches.Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.CorrectionId, p.Correction!.Input, p.Correction.Target })
            .ToDictionaryAsync(p => p.Id);
        var fired = prediction.FiredPatches.Select(f => owners.TryGetValue(f.PatchId, out var o)
            ? new FiredPatchInfo(f.PatchId, f.PreActivation, o.CorrectionId, o.Input, o.Target)
            : new FiredPatchInfo(f.PatchId, f.PreActivation, null, null)).ToList();
        return new LoggedPrediction(item.Id, prediction, fired);
    }
}
