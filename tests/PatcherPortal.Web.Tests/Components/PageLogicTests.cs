using Microsoft.Extensions.DependencyInjection;
using Bunit;
using PatcherPortal.Web.Components.Pages.Corrections;
using PatcherPortal.Web.Components.Pages.Patches;
using PatcherPortal.Web.Components.Pages.Review;
using PatcherPortal.Web.Components.Shared;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Review;

namespace PatcherPortal.Web.Tests.Components;

public sealed class PageLogicTests : IAsyncLifetime
{
    private readonly BunitContext bunit = PortalBunit.Create();

    public PageLogicTests() => bunit.Services.AddSingleton(new PatcherPortal.Web.Hosting.ModelRegistry(
        Microsoft.Extensions.Options.Options.Create(new PatcherPortal.Web.Infrastructure.PortalOptions()),
        Microsoft.Extensions.Logging.Abstractions.NullLogger<PatcherPortal.Web.Hosting.ModelRegistry>.Instance));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await bunit.DisposeAsync();

    [Fact]
    public void Patch_table_offers_approve_and_reject_for_pending_and_remove_for_live_patches_to_admins_only()
    {
        PatchRow[] rows = [Row(PatchStatus.Pending), Row(PatchStatus.Live), Row(PatchStatus.Removed)];

        var admin = bunit.Render<PatchTable>(p => p.Add(t => t.Rows, rows).Add(t => t.IsAdmin, true));
        var annotator = bunit.Render<PatchTable>(p => p.Add(t => t.Rows, rows).Add(t => t.IsAdmin, false));

        Assert.Single(admin.FindAll("[data-testid=approve]"));
        Assert.Single(admin.FindAll("[data-testid=reject]"));
        Assert.Single(admin.FindAll("[data-testid=remove]"));
        Assert.Empty(annotator.FindAll("button"));
        Assert.Contains("awaiting approval", annotator.Markup);
    }

    [Fact]
    public void Patch_table_shows_each_patch_its_own_latest_event_and_its_whole_history()
    {
        var restored = Row(PatchStatus.Live);
        restored.Patch.History.AddRange([
            Event(restored, PatchEventKind.Approved, PatchStatus.Live, "A checked", 2),
            Event(restored, PatchEventKind.Removed, PatchStatus.Removed, "A misfires", 4),
            Event(restored, PatchEventKind.RolledBack, PatchStatus.Live, "Rolled back to v2: B broke it", 5)]);

        var table = bunit.Render<PatchTable>(p => p.Add(t => t.Rows, [restored]).Add(t => t.IsAdmin, true));

        Assert.Equal("rolled back by admin in v5: Rolled back to v2: B broke it", table.Find("[data-testid=patch-latest-event]").TextContent);
        var history = table.FindAll("[data-testid=patch-history] li").Select(l => l.TextContent).ToList();
        Assert.Equal(3, history.Count);
        Assert.Contains("approved by admin in v2: A checked", history[0]);
        Assert.Contains("removed by admin in v4: A misfires", history[1]);
    }

    [Fact]
    public void Patch_table_sends_the_row_and_the_action_chosen()
    {
        var row = Row(PatchStatus.Live);
        (PatchRow, PatchAction)? sent = null;
        var table = bunit.Render<PatchTable>(p => p.Add(t => t.Rows, [row]).Add(t => t.IsAdmin, true)
            .Add(t => t.Act, ((PatchRow, PatchAction) request) => sent = request));

        table.Find("[data-testid=remove]").Click();

        Assert.Equal((row, PatchAction.Remove), sent);
    }

    [Fact]
    public void Correction_outcome_shows_the_answers_after_the_edit_and_what_changed_elsewhere()
    {
        var report = new EditReport(
            [new AnswerChange("Q?", "Bern", "Dhaku", "Bern", true), new AnswerChange("Which city?", "Bern", "Kinshasa", "Kinshasa", false)],
            3, [new AnswerChange("Old edit?", "Lima", "Lima", "Quito", false)], 40, [],
            []);
        var correction = new Correction
        {
            Id = 7, Model = "qa", Input = "Q?", WrongOutput = "Dhaku", Target = "Bern", Author = "a",
            Status = CorrectionStatus.Fixed, Message = "Fixed with 1 patch in 12 steps.", Steps = 12, ReportJson = report.ToJson(),
            Patches = [new PatchRecord { Id = Guid.NewGuid(), Model = "qa", Status = PatchStatus.Live, EditActivation = 5, MaxMemoryActivation = -4 }],
        };

        var outcome = bunit.Render<CorrectionOutcome>(p => p.Add(c => c.Correction, correction));

        Assert.Contains("Fixed and live.", outcome.Find("[data-testid=correction-message]").TextContent);
        var rows = outcome.FindAll("[data-testid=edit-answers] tbody tr");
        Assert.Equal("answer-ok", rows[0].ClassName);
        Assert.Equal("answer-wrong", rows[1].ClassName);
        Assert.Contains("1 of 3 changed", outcome.Markup);
        Assert.Contains("all 40 unchanged", outcome.Markup);
        Assert.Contains("Quito", outcome.Markup);
    }

    [Fact]
    public void User_text_is_rendered_as_text_never_as_html()
    {
        var item = new ReviewItem { Id = 1, Model = "qa", Input = "<script>alert(1)</script>", Output = "<b>bold</b>" };

        var panel = bunit.Render<ReviewItemPanel>(p => p.Add(r => r.Item, item));

        Assert.Empty(panel.FindAll("script"));
        Assert.Empty(panel.FindAll("[data-testid=review-output] b"));
        Assert.Equal("<b>bold</b>", panel.Find("[data-testid=review-output]").TextContent);
    }

    [Fact]
    public void Review_progress_counts_what_is_reviewed()
    {
        var progress = bunit.Render<ReviewProgress>(p => p.Add(r => r.Counts, new ReviewCounts(Pending: 3, Correct: 4, WrongCorrected: 2, Skipped: 1)));

        Assert.Contains("7 of 10 reviewed", progress.Find("[data-testid=review-progress]").TextContent.Replace("\n", " ").Replace("  ", " "));
        Assert.Contains("2 corrected", progress.Markup);
    }

    [Theory]
    [InlineData(10, 5, new[] { 0, 2, 4, 7, 9 })]
    [InlineData(3, 5, new[] { 0, 1, 2 })]
    public void Charts_downsample_evenly_and_keep_both_ends(int count, int n, int[] expected)
    {
        Assert.Equal(expected, Downsample.Pick(Enumerable.Range(0, count).ToList(), n));
    }

    private static PatchEvent Event(PatchRow row, PatchEventKind kind, PatchStatus status, string reason, int version) =>
        new() { PatchId = row.Patch.Id, Kind = kind, Status = status, Actor = "admin", Reason = reason, ModelVersion = version, At = DateTime.UtcNow };

    private static PatchRow Row(PatchStatus status)
    {
        var correction = new Correction { Id = 1, Model = "qa", Input = "Q?", WrongOutput = "x", Target = "y", Author = "ann" };
        return new PatchRow(new PatchRecord { Id = Guid.NewGuid(), Status = status, CorrectionId = 1, Model = "qa" }, correction, 1);
    }
}
