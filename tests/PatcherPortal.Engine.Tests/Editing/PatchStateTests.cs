using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Engine.Tests.Editing;

/// <summary>When an edit's training stops: the paper's rule, and each addition's rule on top of it.</summary>
public sealed class PatchStateTests
{
    private static readonly PatchState PaperMet = new(Corrected: true, NoisyCopiesCorrected: false, LeastEditActivation: 0.5,
        SilentOnMemory: true, SilentOnOwnPositions: true, MaxContrastiveActivation: double.NegativeInfinity);

    [Fact]
    public void The_paper_preset_stops_once_the_edit_is_corrected_its_patches_fire_and_the_memory_is_silent()
    {
        var paper = PatcherOptions.Paper;

        Assert.True(PaperMet.Done(paper));
        Assert.False((PaperMet with { Corrected = false }).Done(paper));
        Assert.False((PaperMet with { SilentOnMemory = false }).Done(paper));
        Assert.False((PaperMet with { LeastEditActivation = -0.1 }).Done(paper));
    }

    [Fact]
    public void The_default_editor_also_waits_for_the_noisy_copies_and_a_firing_margin()
    {
        var defaults = new PatcherOptions();

        Assert.False(PaperMet.Done(defaults));
        Assert.False((PaperMet with { NoisyCopiesCorrected = true }).Done(defaults));
        Assert.True((PaperMet with { NoisyCopiesCorrected = true, LeastEditActivation = 3.5 }).Done(defaults));
    }

    [Fact]
    public void A_patch_firing_on_another_answer_position_or_a_contrastive_input_keeps_training_going()
    {
        var met = PaperMet with { NoisyCopiesCorrected = true, LeastEditActivation = 3.5 };
        var defaults = new PatcherOptions();

        Assert.False((met with { SilentOnOwnPositions = false }).Done(defaults));
        Assert.False((met with { MaxContrastiveActivation = 0.2 }).Done(defaults));
        Assert.True((met with { MaxContrastiveActivation = -0.2 }).Done(defaults));
    }
}
