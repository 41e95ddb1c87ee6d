namespace PatcherPortal.Engine.Editing;

/// <summary>Transformer-Patcher hyper-parameters (paper section 4.2 and appendix B). The defaults are this project's
/// editor: the paper's values where it gives them, plus additions the paper does not have (the centered key, the gradient
/// value, query dropout 0.3 and paraphrase shifts on the noisy copies, contrastive inputs, tied positions, a firing
/// margin of 3 and the noisy copies in the stopping rule). <see cref="Paper"/> is the algorithm as published.</summary>
public sealed record PatcherOptions
{
    /// <summary>Which set of defaults these options started from (<c>Portal:Patcher:Preset</c>, <c>--preset</c>); the
    /// other settings override it.</summary>
    public PatcherPreset Preset { get; init; }
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
    /// <summary>Training goes on until every patch's pre-activation on its own query exceeds this (paper: 0, eq. 12).</summary>
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
    /// <summary>Most swaps of one template word in the edit's input ("currency" for "language") to try as negatives, each
    /// kept only where the model answers it differently (see <see cref="Neighbours.TemplateNeighbours"/>); 0 leaves them out.</summary>
    public int TemplateNeighbours { get; init; }
    /// <summary>Most swaps of one content word in the edit's input for another known input's (its question about other
    /// subjects), the nearest the edit at the patched layer, kept silent where the model answers them otherwise (see
    /// <see cref="Neighbours.SubjectNeighbours"/>); 0 leaves them out.</summary>
    public int SubjectNeighbours { get; init; }
    public int Seed { get; init; } = 0;

    /// <summary>The paper's algorithm: key q_e/|q_e|², b = 0 (appendix A), v' ~ U[0,1) scaled by a = 5, eight copies of
    /// the edit (dropout 0.1 on the copies' queries stands in for BART-base's own dropout, which made the paper's copies
    /// differ), stopping once the edit is corrected, every patch fires on its query and is silent on the memory; no
    /// paraphrase shifts, contrastive inputs, hard negatives or tied positions.</summary>
    public static PatcherOptions Paper => new()
    {
        Preset = PatcherPreset.Paper, KeyInit = KeyInitialization.Paper, ValueInit = ValueInitialization.Paper, ValueScale = 5,
        LearnableValueScale = false, QueryDropout = 0.1, ShiftScale = 0, ContrastiveNegatives = 0, HardNegatives = 0,
        TiePatchesToPositions = false, MinEditActivation = 0, StopWhenRobust = false,
    };

    public static PatcherOptions For(PatcherPreset preset) => preset == PatcherPreset.Paper ? Paper : new PatcherOptions();

    /// <summary>The settings of a run rather than of the algorithm, taken over by another preset.</summary>
    public PatcherOptions WithRunSettingsOf(PatcherOptions run) => this with
    {
        MaxSteps = run.MaxSteps, MaxPatchesPerEdit = run.MaxPatchesPerEdit, MemorySize = run.MemorySize, Seed = run.Seed,
    };
}

/// <summary><see cref="PatcherPreset.Default"/>: this project's editor; <see cref="PatcherPreset.Paper"/>: the paper's.</summary>
public enum PatcherPreset { Default, Paper }

public enum KeyInitialization { Paper, Centered }

public enum ValueInitialization { Paper, Gradient }
