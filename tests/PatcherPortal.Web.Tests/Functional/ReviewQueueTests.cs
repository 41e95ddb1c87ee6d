using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Review;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

public sealed class ReviewQueueTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    public Task InitializeAsync() => portal.ReadyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_imported_batch_gets_the_model_outputs_it_lacks_and_verdicts_can_be_undone()
    {
        var parsed = ImportParser.Parse("batch.jsonl", """
            {"input": "What is the capital of Chile?"}
            {"input": "Bern is the capital of Switzerland.", "task": "fc", "output": "SUPPORTS", "reference": "SUPPORTS"}
            """, "qa");
        var queue = portal.Services.GetRequiredService<ReviewService>();

        Assert.Equal(2, await portal.Services.GetRequiredService<ReviewImport>().ImportAsync(parsed.Rows, "importer", "batch.jsonl"));

        var qa = Assert.Single(await queue.ListAsync(new ReviewFilter("qa", ReviewStatus.Pending, Search: "Chile")));
        Assert.False(string.IsNullOrWhiteSpace(qa.Output));
        Assert.Equal(ReviewSource.Import, qa.Source);
        Assert.Equal(1, qa.ModelVersion);
        var previous = await queue.SetStatusAsync(qa.Id, ReviewStatus.Correct, "annotator");
        Assert.Equal(1, (await queue.CountAsync(new ReviewFilter("qa", Search: "Chile"))).Correct);
        await queue.SetStatusAsync(qa.Id, previous, "annotator");
        var undone = await queue.CountAsync(new ReviewFilter("qa", Search: "Chile"));
        Assert.Equal((1, 0), (undone.Pending, undone.Correct));
        var fc = Assert.Single(await queue.ListAsync(new ReviewFilter("fc", Search: "Bern")));
        Assert.Equal(("SUPPORTS", "SUPPORTS"), (fc.Output, fc.Reference));
    }

    [Fact]
    public async Task A_bulk_verdict_changes_only_the_selected_items_still_pending_and_reports_them_for_undo()
    {
        var parsed = ImportParser.Parse("bulk.csv", "input,output\nBulk one?,a\nBulk two?,b\nBulk three?,c\nBulk four?,d\n", "qa");
        var queue = portal.Services.GetRequiredService<ReviewService>();
        await portal.Services.GetRequiredService<ReviewImport>().ImportAsync(parsed.Rows, "importer", "bulk.csv");
        var ids = (await queue.ListAsync(new ReviewFilter(Search: "Bulk "))).OrderBy(i => i.Input).Select(i => i.Id).ToList();
        await queue.SetStatusAsync(ids[0], ReviewStatus.Skipped, "annotator");

        var changed = await queue.SetPendingStatusAsync([ids[0], ids[1], ids[2]], ReviewStatus.Correct, "annotator");

        Assert.Equal([ids[1], ids[2]], changed.Select(c => c.Id).Order());
        Assert.All(changed, c => Assert.Equal(ReviewStatus.Pending, c.Previous));
        var counts = await queue.CountAsync(new ReviewFilter(Search: "Bulk "));
        Assert.Equal((1, 2, 1), (counts.Pending, counts.Correct, counts.Skipped));
        var accepted = (await queue.ListAsync(new ReviewFilter(Status: ReviewStatus.Correct, Search: "Bulk "))).Single(i => i.Id == ids[1]);
        Assert.Equal("annotator", accepted.ReviewedBy);
    }
}
