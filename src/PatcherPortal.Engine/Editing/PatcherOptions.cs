namespace PatcherPortal.Engine.Editing;

/// <summary>Transformer-Patcher hyper-parameters (paper section 4.2 and appendix B); defaults are the paper's.</summary>
public sealed record PatcherOptions
{
    public double LearningRate { get; init; } = 0.01;
    public int MaxSteps { get; init; } = 400;
    /// <summary>The edit example is repeated as a batch; copies after the first get dropout on their query.</summary>
    public int Repeats { get; init; } = 8;
    public double QueryDropout { get; init; } = 0.3;
    public double ActivationWeight { get; init; } = 1;        // a
    public double MemoryWeight { get; init; } = 10;           // m (0: without the memory loss, figure 6's ablation)
    /// <summary>Weight of l_m2, the memory loss's second term (eq. 31); 0 is figure 6's ablation without it.</summary>
    public double MemoryMarginWeight { get; init; } = 1;
    public int ActivationTopK { get; init; } = 5;             // k_a
    public int MemoryTopK { get; init; } = 1000;              // k
    /// <summary>β and γ; null picks the paper's value for the activation (GELU: -3 and 3, ReLU: 0 and 0).</summary>
    public double? Beta { get; init; }
    public double? Gamma { get; init; }
    /// <summary>Patch value = v' ⊙ a with v' ~ U[0,1); a starts at this constant (paper: 5; authors' code: 10).</summary>
    public double ValueScale { get; init; } = 5;
    public bool LearnableValueScale { get; init; }
    /// <summary>Most patches per edit for generation (appendix A).</summary>
    public int MaxPatchesPerEdit { get; init; } = 5;
    /// <summary>Paper: k = q_e/|q_e|², b = 0. Centered: k along q_e minus the memory mean, scaled so the typical
    /// memory query starts near 1 - <see cref="CenteredKeyMargin"/> while q_e starts at 1.</summary>
    public KeyInitialization KeyInit { get; init; } = KeyInitialization.Centered;
    /// <summary>Null derives each patch's margin from the paraphrase shifts (see <see cref="ParaphraseQuantile"/>), or,
    /// when the editor has none, picks by task as β and γ are picked by activation. A steep start leaves the key little
    /// to rotate, so it keeps firing only close to the edit, but paraphrases that move the query far fall outside it.</summary>
    public double? CenteredKeyMargin { get; init; }
    public const double GenerationKeyMargin = 150;
    public const double ClassificationKeyMargin = 5;
    public const double MaxKeyMargin = 150;
    /// <summary>The share of paraphrase moves near the edit that a derived key margin keeps on the firing side at the start.</summary>
    public double ParaphraseQuantile { get; init; } = 0.9;
    /// <summary>Paper: v' ~ U[0,1). Gradient: v' points down the edit loss's gradient at the patch's row (same norm).</summary>
    public ValueInitialization ValueInit { get; init; } = ValueInitialization.Gradient;
    /// <summary>Generation: keep each patch silent on the edit's other answer positions (they ask for other tokens).</summary>
    public bool TiePatchesToPositions { get; init; } = true;
    /// <summary>Training goes on until every patch's pre-activation on its own query exceeds this.</summary>
    public double MinEditActivation { get; init; } = 3;
    /// <summary>Training goes on until the noisy copies of the edit are corrected too, not only the clean one.</summary>
    public bool StopWhenRobust { get; init; } = true;
    /// <summary>How far the noisy copies move along sampled paraphrase shifts (when the editor has them).</summary>
    public double ShiftScale { get; init; } = 1;
    /// <summary>Shifts are drawn from the training queries most similar to the edit's (same relation, same form).</summary>
    public int ShiftNeighbours { get; init; } = 32;
    /// <summary>Training examples with paraphrases read for shifts.</summary>
    public int ShiftExamples { get; init; } = 2_000;
    public int MemorySize { get; init; } = 40_000;
    /// <summary>Most inputs one content word away from the edit's that its patches must stay silent on (see
    /// <see cref="ContrastiveInputs"/>); 0 trains against the memory alone, as the paper.</summary>
    public int ContrastiveNegatives { get; init; } = 64;
    /// <summary>Most known inputs nearest the edit at the patched layer, with another expected answer, that its patches
    /// must stay silent on (see <see cref="Neighbours.HardNegatives"/>); 0 leaves them out.</summary>
    public int HardNegatives { get; init; }
    public int Seed { get; init; } = 0;
}

public enum KeyInitialization { Paper, Centered }

public enum ValueInitialization { Paper, Gradient }
