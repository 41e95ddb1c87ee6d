using Bunit;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Web.Components.Pages.Corrections;
using PatcherPortal.Web.Components.Pages.Patches;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Tests.Components;

/// <summary>A MEND or KE edit on the pages: marked as a weight delta, with no activation figures and no neuron constraint
/// reported broken (its activations are stored as 0).</summary>
public sealed class WeightDeltaPatchViewTests : IAsyncLifetime
{
    private readonly BunitContext bunit = PortalBunit.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await bunit.DisposeAsync();

    private static Correction Fixed(PatchKind kind)
    {
        var report = new EditReport([new AnswerChange("Lima is the capital of Chile.", "REFUTES", "SUPPORTS", "REFUTES", true)], 0, [], 40, [],
            [new PatchFigures(Guid.Empty, 0, null)]) { Bounds = new Engine.Editing.EditBounds(1, -1) };
        var correction = new Correction
        {
            Id = 4, Model = "fc", Input = "Lima is the capital of Chile.", WrongOutput = "SUPPORTS", Target = "REFUTES", Author = "a",
            Status = CorrectionStatus.Fixed, Message = "Fixed by MEND in one update.", ReportJson = report.ToJson(),
        };
        correction.Patches = [new PatchRecord { Id = Guid.NewGuid(), Model = "fc", Kind = kind, Status = PatchStatus.Pending, Correction = correction }];
        return correction;
    }

    [Fact]
    public void The_patch_list_marks_a_weight_delta_and_shows_no_activations()
    {
        var delta = Fixed(PatchKind.WeightDelta);
        var table = bunit.Render<PatchTable>(p => p.Add(c => c.Rows, [new PatchRow(delta.Patches[0], delta, 1)]));
        Assert.Single(table.FindAll("[data-testid=weight-delta]"));
        Assert.Empty(table.FindAll(".activation-bad"));

        var neuron = Fixed(PatchKind.Neuron);
        var neuronTable = bunit.Render<PatchTable>(p => p.Add(c => c.Rows, [new PatchRow(neuron.Patches[0], neuron, 1)]));
        Assert.Empty(neuronTable.FindAll("[data-testid=weight-delta]"));
        Assert.NotEmpty(neuronTable.FindAll(".activation-bad"));
    }

    [Fact]
    public void A_correction_fixed_by_a_weight_delta_keeps_its_constraints()
    {
        Assert.True(CorrectionRow.Of(Fixed(PatchKind.WeightDelta)).ConstraintsHeld);
        Assert.False(CorrectionRow.Of(Fixed(PatchKind.Neuron)).ConstraintsHeld);
        var outcome = bunit.Render<CorrectionOutcome>(p => p.Add(c => c.Correction, Fixed(PatchKind.WeightDelta)));
        Assert.Contains("weight delta", outcome.Find("[data-testid=weight-delta]").TextContent);
        Assert.DoesNotContain("fires only weakly", outcome.Markup);
    }
}
