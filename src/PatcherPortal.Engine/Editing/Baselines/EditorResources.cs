using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.Baselines;

/// <summary>What the editors may need besides the model.</summary>
/// <param name="Memory">Training (input, target) pairs outside the evaluation subset: the FT+KL baselines' memory.</param>
/// <param name="MemoryQueries">T-Patcher's memory (M, d), which it copies; computed from <paramref name="Memory"/> when null.</param>
public sealed record EditorResources(
    IReadOnlyList<(string Input, string Target)> Memory,
    Tensor? MemoryQueries = null,
    PatcherOptions? Patcher = null)
{
    /// <summary>T-Patcher's paraphrase shifts (see <see cref="ParaphraseShifts"/>); none trains with dropout alone.</summary>
    public Tensor? ParaphraseShifts { get; init; }
    /// <summary>T-Patcher's pool of hard negatives (copied) when <see cref="PatcherOptions.HardNegatives"/> is on; null
    /// builds one from <see cref="Memory"/>.</summary>
    public Neighbours.HardNegatives? HardNegatives { get; init; }
    /// <summary>Learning rate, step cap, KL batch and seed of the FT baselines; the name sets scope and whether KL is on.</summary>
    public FineTuneOptions FineTune { get; init; } = new();
    /// <summary>The weight of the "-kl" variants (FineTune.KlWeight when positive).</summary>
    public double KlWeight => FineTune.KlWeight > 0 ? FineTune.KlWeight : FineTuneOptions.DefaultKlWeight;

    /// <summary>SERA's scope model; null imports all-MiniLM-L6-v2.</summary>
    public Func<IReadOnlyList<string>, float[][]>? Embed { get; init; }
    /// <summary>Parameters behind <see cref="Embed"/>, counted in SERA's parameter count.</summary>
    public long EmbedParameters { get; init; }
    public double SeraThreshold { get; init; } = SeraEditor.DefaultThreshold;
}
