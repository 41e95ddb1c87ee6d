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
}
