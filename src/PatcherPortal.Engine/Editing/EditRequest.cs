using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Editing;

/// <summary>A mistake to fix: the input, the output it should give, and inputs meaning the same that must follow.</summary>
public sealed record EditRequest(string Input, string Target, IReadOnlyList<string>? Paraphrases = null, string? Id = null)
{
    public IReadOnlyList<string> AllInputs => [Input, .. Paraphrases ?? []];

    /// <summary>Most patches this edit may add; null: the editor's <see cref="PatcherOptions.MaxPatchesPerEdit"/>.</summary>
    public int? MaxPatches { get; init; }

    /// <summary>Inputs whose answers the edit must leave as they are (neighbours a reviewer marked as regressions):
    /// T-Patcher trains its patches silent on them at the rows of those answers.</summary>
    public IReadOnlyList<LabelledInput> Keep { get; init; } = [];
}
