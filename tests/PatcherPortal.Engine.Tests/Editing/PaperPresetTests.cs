using PatcherPortal.Engine.Editing;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Editing;

/// <summary>The paper's algorithm as a preset, and what an edit reports when it runs out of steps.</summary>
public sealed class PaperPresetTests
{
    [Fact]
    public void The_paper_preset_switches_every_addition_off()
    {
        var paper = PatcherOptions.Paper;

        Assert.Equal(PatcherPreset.Paper, paper.Preset);
        Assert.Equal(KeyInitialization.Paper, paper.KeyInit);
        Assert.Equal(ValueInitialization.Paper, paper.ValueInit);
        Assert.Equal(5, paper.ValueScale);
        Assert.Equal((0, 0, 0.0), (paper.ContrastiveNegatives, paper.HardNegatives, paper.ShiftScale));
        Assert.False(paper.TiePatchesToPositions);
        Assert.False(paper.StopWhenRobust);
        Assert.Equal(0, paper.MinEditActivation);
        Assert.Equal(PatcherPreset.Default, PatcherOptions.For(PatcherPreset.Default).Preset);
    }

    [Fact]
    public void The_paper_preset_fixes_classifier_edits_with_patches_that_fire_on_them()
    {
        using var scope = NewDisposeScope();
        var model = TinyEditables.Classifier();
        var known = TinyEditables.Claims(TinyEditables.Known);
        using var editor = new TransformerPatcher(model, model.MemoryQueries(known, 40_000, seed: 0), PatcherOptions.Paper);
        var edits = TinyEditables.Claims(TinyEditables.Unknown).Where(c => !model.Matches(model.Predict([c.Input])[0], c.Target)).Take(4).ToList();

        var outcomes = edits.Select(e => editor.Edit(new EditRequest(e.Input, e.Target))).ToList();

        Assert.Equal("T-Patcher (paper)", editor.Name);
        Assert.Contains(outcomes, o => o.Status == EditStatus.Fixed);
        foreach (var (outcome, edit) in outcomes.Zip(edits).Where(p => p.First.Status == EditStatus.Fixed))
        {
            Assert.Equal(edit.Target, model.Predict([edit.Input])[0]);
            Assert.All(outcome.PatchStatistics, s => Assert.True(s.EditActivation > 0, $"a patch at {s.EditActivation} on its edit"));
        }
    }

    [Fact]
    public void An_edit_that_runs_out_of_steps_reports_the_patch_it_returns()
    {
        using var scope = NewDisposeScope();
        var model = TinyEditables.Classifier();
        var known = TinyEditables.Claims(TinyEditables.Known);
        // No optimiser step at all: what is reported is the initial patch, which the gradient value init makes right.
        var options = new PatcherOptions { MaxSteps = 0, ContrastiveNegatives = 0 };
        using var editor = new TransformerPatcher(model, model.MemoryQueries(known, 40_000, seed: 0), options);
        var edits = TinyEditables.Claims(TinyEditables.Unknown).Where(c => !model.Matches(model.Predict([c.Input])[0], c.Target)).Take(4).ToList();

        var outcomes = edits.Select(e => (Edit: e, Outcome: editor.Edit(new EditRequest(e.Input, e.Target)), Now: model.Predict([e.Input])[0])).ToList();

        Assert.Contains(outcomes, o => o.Outcome.Status == EditStatus.Fixed);
        Assert.All(outcomes, o => Assert.Equal(0, o.Outcome.Steps));
        Assert.All(outcomes.Where(o => o.Outcome.Status == EditStatus.Fixed), o => Assert.Equal(o.Edit.Target, o.Now));
    }
}
