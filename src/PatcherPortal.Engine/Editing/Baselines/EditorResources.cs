using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Editing.Baselines;

/// <summary>What the editors may need besides the model.</summary>
/// <param name="Memory">Training (input, target) pairs outside the evaluation subset: T-Patcher's and the FT+KL baselines' memory.</param>
public sealed record EditorResources(
    IReadOnlyList<LabelledInput> Memory,
    PatcherOptions? Patcher = null)
{
    /// <summary>Examples with paraphrases for T-Patcher's paraphrase shifts (see <see cref="ParaphraseShifts"/>).</summary>
    public IReadOnlyList<EditExample> Paraphrased { get; init; } = [];
    /// <summary>T-Patcher's tensors already computed from <see cref="PatcherSetup"/> on these weights (a benchmark
    /// computes them once for every fold); null computes them for the editor.</summary>
    public PreparedPatcher? Prepared { get; init; }

    public PatcherSetup PatcherSetup => new(Patcher ?? new PatcherOptions(), Memory) { Paraphrased = Paraphrased };
    /// <summary>T-Patcher's pool of hard negatives when <see cref="PatcherOptions.HardNegatives"/> is on (copied per
    /// editor); null: the prepared set-up's pool, built from <see cref="Memory"/>.</summary>
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

    /// <summary>Directories of trained MEND and KE editors by kind ('patcher train-editor' writes them).</summary>
    public IReadOnlyDictionary<string, string> TrainedEditors { get; init; } = new Dictionary<string, string>();

    public string TrainedEditor(string kind) => TrainedEditors.GetValueOrDefault(kind)
        ?? throw new ArgumentException($"The '{kind}' editor must be trained for this model first ('patcher train-editor --kind {kind}') and its directory given.");
}
