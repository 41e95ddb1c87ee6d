using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Patching;

namespace PatcherPortal.Engine.Consolidation;

/// <summary>
/// One live edit: what it fixes (trained on, and required for the edit to count as fixed), inputs meaning the same
/// that are only measured (GR), and the patches serving it now.
/// </summary>
public sealed record ConsolidationEdit(string Id, string Input, string Target, IReadOnlyList<string> Paraphrases,
    IReadOnlyList<Patch> Patches, IReadOnlyList<string>? Equivalents = null)
{
    public IReadOnlyList<string> Inputs => [Input, .. Paraphrases];
    public IReadOnlyList<string> GeneralizationInputs => [.. Paraphrases, .. Equivalents ?? []];
}

/// <summary>
/// What a consolidation folds in and what it is judged on. <see cref="Replay"/> is labelled training data;
/// <see cref="Anchors"/> are unlabelled inputs like those the model will be asked (production traffic, held-out
/// questions), which the fine-tuning keeps answering as the patched model does: replay protects what the base was
/// taught, anchors protect how it answers questions nobody taught it.
/// </summary>
public sealed record ConsolidationRequest(
    IReadOnlyList<ConsolidationEdit> Edits,
    IReadOnlyList<LabelledInput> Replay,
    IReadOnlyList<LabelledInput> TrainSubset,
    IReadOnlyList<LabelledInput> Test,
    IReadOnlyList<LabelledInput> Memory)
{
    public IReadOnlyList<string> Anchors { get; init; } = [];
    /// <summary>Memory-side examples with paraphrases: the paraphrase shifts of patches re-trained against the new base.</summary>
    public IReadOnlyList<EditExample> Paraphrased { get; init; } = [];

    /// <summary>How patches are re-trained against the new base: the portal's editor set-up, on this request's memory.</summary>
    public PatcherSetup PatcherSetup(PatcherOptions options) => new(options, Memory) { Paraphrased = Paraphrased };
}
