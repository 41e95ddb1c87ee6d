using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Editing;

/// <summary>
/// What a Transformer-Patcher editor is built from, the one way the benchmark, the portal's jobs and consolidation
/// build it: the memory (inputs its patches must stay silent on, sampled down to <see cref="PatcherOptions.MemorySize"/>
/// queries, and the contrastive pool), and examples with paraphrases (the paraphrase shifts; none trains without).
/// </summary>
public sealed record PatcherSetup(PatcherOptions Options, IReadOnlyList<LabelledInput> Memory)
{
    public IReadOnlyList<EditExample> Paraphrased { get; init; } = [];

    /// <summary>The memory queries and paraphrase shifts of <paramref name="model"/>, computed when first needed; a fresh
    /// copy of the same weights can be given to <see cref="PreparedPatcher.Create"/> as often as wanted.</summary>
    public PreparedPatcher Prepare(IEditableModel model) => new(this, model);

    /// <param name="pastEdits">Inputs (and paraphrases) of edits already made: all of them join the memory and the
    /// contrastive pool, as each edit's own inputs do once it is made.</param>
    public TransformerPatcher Build(IEditableModel model, IReadOnlyList<LabelledInput>? pastEdits = null)
    {
        using var prepared = Prepare(model);
        return prepared.Create(model, pastEdits);
    }
}
