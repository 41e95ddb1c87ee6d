using Bunit;
using PatcherPortal.Web.Components.Pages.Corrections;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Patching.Neighbours;

namespace PatcherPortal.Web.Tests.Components;

/// <summary>The Japan case as the correction page shows it: "currency of Japan → jpy" also turned "language of Japan" from
/// japanese to jpy, so the retained summary cannot read "all unchanged", and the change is there to mark and retrain.</summary>
public sealed class NeighbourChangesTests : IAsyncLifetime
{
    private readonly BunitContext bunit = PortalBunit.Create();
    private static readonly Guid Patch = Guid.NewGuid();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await bunit.DisposeAsync();

    private static Correction Japan(NeighbourVerdict verdict, PatchStatus status = PatchStatus.Pending)
    {
        var report = new EditReport([new AnswerChange("What is the currency of Japan?", "jpy", "yen", "jpy", true)], 0, [], 40, [], [])
        {
            NeighboursChecked = 54,
        };
        return new Correction
        {
            Id = 7, Model = "qa", Input = "What is the currency of Japan?", WrongOutput = "yen", Target = "jpy", Author = "a",
            Status = CorrectionStatus.Fixed, Message = "Fixed with 1 patch in 9 steps.", ReportJson = report.ToJson(),
            Patches = [new PatchRecord { Id = Patch, Model = "qa", Status = status, EditActivation = 5, MaxMemoryActivation = -4 }],
            Neighbours =
            [
                new NeighbourChange
                {
                    Id = 3, CorrectionId = 7, Input = "What is the language of Japan?", Before = "japanese", After = "jpy", PatchId = Patch,
                    PreActivation = 2.9, Verdict = verdict,
                },
            ],
        };
    }

    [Fact]
    public void A_changed_neighbour_counts_among_the_retained_examples_and_is_listed_old_to_new_with_its_firing_patch()
    {
        var outcome = bunit.Render<CorrectionOutcome>(p => p.Add(c => c.Correction, Japan(NeighbourVerdict.Unmarked)));

        Assert.Contains("1 of 94 changed", outcome.Markup);
        Assert.DoesNotContain("unchanged", outcome.Find(".check-summary:last-child").TextContent);
        var row = outcome.Find("[data-testid=neighbour-row]");
        Assert.Equal("What is the language of Japan?", row.QuerySelector("[data-testid=neighbour-input]")!.TextContent);
        Assert.Equal("japanese", row.QuerySelector("[data-testid=neighbour-before]")!.TextContent);
        Assert.Equal("jpy", row.QuerySelector("[data-testid=neighbour-after]")!.TextContent);
        Assert.Contains(Patch.ToString()[..8], row.TextContent);
        Assert.Contains("2.90", row.TextContent);
    }

    [Fact]
    public void A_neighbour_that_is_also_a_retained_example_is_counted_once()
    {
        var correction = Japan(NeighbourVerdict.Unmarked);
        var changed = new AnswerChange("What is the language of Japan?", "japanese", "japanese", "jpy", false);
        correction.ReportJson = (EditReport.FromJson(correction.ReportJson)! with { RetainedChanged = [changed], NeighboursAlsoRetained = 1 }).ToJson();

        var outcome = bunit.Render<CorrectionOutcome>(p => p.Add(c => c.Correction, correction));

        Assert.Contains("1 of 93 changed", outcome.Markup);
    }

    [Fact]
    public void Marking_sends_the_verdict_and_retraining_needs_a_regression_and_a_candidate_awaiting_approval()
    {
        NeighbourAction? sent = null;
        var unmarked = bunit.Render<NeighbourChanges>(p => p.Add(c => c.Correction, Japan(NeighbourVerdict.Unmarked)).Add(c => c.Checked, 54)
            .Add(c => c.Act, (NeighbourAction a) => sent = a));

        Assert.True(unmarked.Find("[data-testid=retrain-neighbours]").HasAttribute("disabled"));
        unmarked.Find("[data-testid=mark-regression]").Click();
        Assert.Equal(new MarkNeighbour(7, 3, NeighbourVerdict.Regression), sent);

        var marked = bunit.Render<NeighbourChanges>(p => p.Add(c => c.Correction, Japan(NeighbourVerdict.Regression)).Add(c => c.Checked, 54)
            .Add(c => c.Act, (NeighbourAction a) => sent = a));
        marked.Find("[data-testid=retrain-neighbours]").Click();
        Assert.Equal(new RetrainKeepingRegressions(7), sent);

        var live = bunit.Render<NeighbourChanges>(p => p.Add(c => c.Correction, Japan(NeighbourVerdict.Regression, PatchStatus.Live)).Add(c => c.Checked, 54));
        Assert.Empty(live.FindAll("[data-testid=retrain-neighbours]"));
    }
}
