using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>A correction that needs more patches than it may add fails, leaves its review item open, and an admin tries it
/// again with a higher patch limit.</summary>
public sealed class CorrectionRetryTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    public Task InitializeAsync() => portal.ReadyAsync(["qa"]);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_failed_correction_keeps_its_review_item_open_and_an_admin_retries_it_with_more_patches()
    {
        var model = portal.Services.GetRequiredService<ModelRegistry>()["qa"];
        var wrong = model.Predict(Facts.Question).Output;
        var itemId = await ReviewItemAsync(Facts.Question, wrong);
        var corrections = portal.Services.GetRequiredService<Corrections>();

        var first = await corrections.SubmitAsync(
            new CorrectionRequest("qa", Facts.Question, wrong, Facts.Answer, [], itemId, PatchLimit: 1), TestPortal.AnnotatorEmail);
        var failed = await WaitAsync(first.CorrectionId!.Value);

        Assert.Equal(CorrectionStatus.Failed, failed.Status);
        var needed = EditReport.FromJson(failed.ReportJson)!.PatchesNeeded;
        Assert.True(needed > 1, failed.Message);
        Assert.Contains($"at most 1 patches", failed.Message);
        Assert.Equal(CorrectionState.NotFixed, CorrectionStates.Of(failed));
        var item = await ItemAsync(itemId);
        Assert.Equal((ReviewStatus.Pending, first.CorrectionId), (item.Status, item.CorrectionId));
        Assert.Equal(wrong, model.Predict(Facts.Question).Output);

        var retries = portal.Services.GetRequiredService<CorrectionRetries>();
        var refused = await retries.RetryAsync(failed.Id, Facts.Answer, [], needed, Users.Annotator);
        Assert.False(refused.Accepted);
        Assert.Contains("Only an admin can change the patch limit", refused.Error);
        var tooMany = await retries.RetryAsync(failed.Id, Facts.Answer, [], Corrections.MaxPatchLimit + 1, Users.Admin);
        Assert.Contains($"between 1 and {Corrections.MaxPatchLimit}", tooMany.Error);

        var retry = await retries.RetryAsync(failed.Id, Facts.Answer, [], needed, Users.Admin);
        Assert.True(retry.Accepted, retry.Error);
        var done = await WaitAsync(retry.CorrectionId!.Value);
        Assert.Equal(CorrectionStatus.Fixed, done.Status);
        Assert.Equal(needed, done.PatchLimit);
        Assert.InRange(done.Patches.Count, 1, needed!.Value);
        Assert.NotNull(EditReport.FromJson(done.ReportJson)!.Bounds);
        Assert.Equal(CorrectionState.AwaitingApproval, CorrectionStates.Of(done));
        item = await ItemAsync(itemId);
        Assert.Equal((ReviewStatus.WrongCorrected, retry.CorrectionId), (item.Status, item.CorrectionId));
        Assert.Contains(await portal.Services.GetRequiredService<PortalQueries>().RetriesOfAsync(failed), c => c.Id == done.Id);

        var again = await retries.RetryAsync(done.Id, Facts.Answer, [], null, Users.Admin);
        Assert.Contains("Only a correction that fixed nothing can be tried again", again.Error);
    }

    private async Task<int> ReviewItemAsync(string input, string output)
    {
        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        var item = new ReviewItem { Model = "qa", Input = input, Output = output, ModelVersion = 1, CreatedAt = DateTime.UtcNow };
        db.ReviewItems.Add(item);
        await db.SaveChangesAsync();
        return item.Id;
    }

    private async Task<ReviewItem> ItemAsync(int id)
    {
        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        return await db.ReviewItems.SingleAsync(i => i.Id == id);
    }

    private async Task<Correction> WaitAsync(int id)
    {
        var queries = portal.Services.GetRequiredService<PortalQueries>();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var correction = (await queries.CorrectionAsync(id))!;
            if (correction.Status is not (CorrectionStatus.Queued or CorrectionStatus.Training)) return correction;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Correction #{id} is still {correction.Status}.");
            await Task.Delay(250);
        }
    }
}
