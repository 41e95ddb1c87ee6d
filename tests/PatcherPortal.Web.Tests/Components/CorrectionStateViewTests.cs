using Bunit;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Web.Components.Pages.Corrections;
using PatcherPortal.Web.Components.Pages.Review;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Tests.Components;

/// <summary>What annotators and admins read about a correction: whether its fix serves, and what held.</summary>
public sealed class CorrectionStateViewTests : IAsyncLifetime
{
    private readonly BunitContext bunit = PortalBunit.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await bunit.DisposeAsync();

    [Fact]
    public void A_fix_whose_patch_fires_on_the_memory_as_strongly_as_on_its_edit_is_not_shown_as_a_plain_success()
    {
        var correction = Fixed(new PatchRecord { Id = Guid.NewGuid(), Model = "qa", Status = PatchStatus.Live, EditActivation = 0.90, MaxMemoryActivation = 0.90 });

        var outcome = bunit.Render<CorrectionOutcome>(p => p.Add(c => c.Correction, correction));

        var message = outcome.Find("[data-testid=correction-message]");
        Assert.Contains("Not every constraint held", message.TextContent);
        Assert.DoesNotContain("mud-alert-text-success", message.ClassName);
        var held = outcome.FindAll("[data-testid=constraint-checks] li.held").Select(l => l.TextContent).ToList();
        var broken = Assert.Single(outcome.FindAll("[data-testid=constraint-checks] li.not-held")).TextContent;
        Assert.Contains(held, h => h.Contains("now answers 'Bern'"));
        Assert.Contains(held, h => h.Contains("Fires on this edit"));
        Assert.Contains("is not silent on other inputs", broken);
        Assert.Contains("0.90", broken);
        Assert.Contains("as strong as on this edit", broken);
        var summary = bunit.Render<CorrectionSummary>(p => p.Add(c => c.Correction, correction));
        Assert.Equal("fixed and live · constraint not met", summary.Find(".status-chip").GetAttribute("data-status"));
    }

    [Fact]
    public void Constraints_are_judged_by_the_bounds_the_editor_trained_towards()
    {
        var patch = new PatchRecord { Id = Guid.NewGuid(), Model = "qa", Status = PatchStatus.Pending, EditActivation = 1.01, MaxMemoryActivation = -1.05 };
        var lenient = Fixed(patch);
        var trained = Fixed(patch, new EditBounds(Edit: 3, Memory: -3));

        var byBounds = bunit.Render<CorrectionOutcome>(p => p.Add(c => c.Correction, trained));
        var bySign = bunit.Render<CorrectionOutcome>(p => p.Add(c => c.Correction, lenient));

        var broken = byBounds.FindAll("[data-testid=constraint-checks] li.not-held").Select(l => l.TextContent).ToList();
        Assert.Equal(2, broken.Count);
        Assert.Contains("fires only weakly on this edit (pre-activation 1.01; the editor aims for above 3)", broken[0]);
        Assert.Contains("-1.05 (it should stay below -3)", broken[1]);
        Assert.Contains("Not every constraint held", byBounds.Find("[data-testid=correction-message]").TextContent);
        Assert.Empty(bySign.FindAll("[data-testid=constraint-checks] li.not-held"));
    }

    [Fact]
    public void A_fix_that_kept_its_constraints_is_fixed_and_live()
    {
        var correction = Fixed(new PatchRecord { Id = Guid.NewGuid(), Model = "qa", Status = PatchStatus.Live, EditActivation = 4.2, MaxMemoryActivation = -3.5 });

        var outcome = bunit.Render<CorrectionOutcome>(p => p.Add(c => c.Correction, correction));

        Assert.StartsWith("Fixed and live.", outcome.Find("[data-testid=correction-message] b").TextContent);
        Assert.Empty(outcome.FindAll("[data-testid=constraint-checks] li.not-held"));
        Assert.Contains("mud-alert-text-success", outcome.Find("[data-testid=correction-message]").ClassName);
    }

    [Theory]
    [InlineData(PatchStatus.Pending, null, "fixed, awaiting approval", "Fixed, awaiting approval.")]
    [InlineData(PatchStatus.Rejected, PatchEventKind.Rejected, "rejected", "an admin rejected the patch")]
    [InlineData(PatchStatus.Removed, PatchEventKind.Removed, "removed", "the patch was removed")]
    [InlineData(PatchStatus.Removed, PatchEventKind.RolledBack, "rolled back", "a roll back took the patch out of service")]
    [InlineData(PatchStatus.Retired, PatchEventKind.Consolidated, "fixed, in the base", "folded the fix into the base")]
    public void A_fix_that_does_not_serve_says_so_instead_of_fixed(PatchStatus status, PatchEventKind? last, string label, string headline)
    {
        var patch = new PatchRecord { Id = Guid.NewGuid(), Model = "qa", Status = status, EditActivation = 4, MaxMemoryActivation = -4 };
        if (last is { } kind) patch.History.Add(new PatchEvent { PatchId = patch.Id, Kind = kind, Status = status, Actor = "admin" });
        var correction = Fixed(patch);

        var summary = bunit.Render<CorrectionSummary>(p => p.Add(c => c.Correction, correction));
        var outcome = bunit.Render<CorrectionOutcome>(p => p.Add(c => c.Correction, correction));

        Assert.Equal(label, summary.Find(".status-chip").GetAttribute("data-status"));
        Assert.Contains(headline, outcome.Find("[data-testid=correction-message] b").TextContent);
        Assert.Equal(status == PatchStatus.Pending, outcome.FindAll("[data-testid=awaiting-approval]").Count == 1);
    }

    [Fact]
    public void A_review_item_whose_correction_fixed_nothing_is_open_for_another_flag()
    {
        var correction = new Correction
        {
            Id = 9, Model = "qa", Input = "Q?", WrongOutput = "x", Target = "Phnom Penh", Author = "ann",
            Status = CorrectionStatus.Failed,
        };
        var item = new ReviewItem
        {
            Id = 3, Model = "qa", Input = "Q?", Output = "x", Status = ReviewStatus.Pending, CorrectionId = 9, Correction = correction,
        };

        var panel = bunit.Render<ReviewItemPanel>(p => p.Add(r => r.Item, item));

        Assert.False(panel.Find("[data-testid=review-flag]").HasAttribute("disabled"));
        Assert.Contains("not fixed", panel.Find("[data-testid=review-correction]").TextContent);
        Assert.Contains("flag it again", panel.Find("[data-testid=review-correction]").TextContent);
    }

    private static Correction Fixed(PatchRecord patch, EditBounds? bounds = null)
    {
        var report = new EditReport([new AnswerChange("Q?", "Bern", "Dhaku", "Bern", true)], 0, [], 0, [], []) { Bounds = bounds };
        var correction = new Correction
        {
            Id = 7, Model = "qa", Input = "Q?", WrongOutput = "Dhaku", Target = "Bern", Author = "a",
            Status = CorrectionStatus.Fixed, Message = "Fixed with 1 patch in 400 steps.", Steps = 400, ReportJson = report.ToJson(),
        };
        patch.CorrectionId = 7;
        correction.Patches.Add(patch);
        return correction;
    }
}
