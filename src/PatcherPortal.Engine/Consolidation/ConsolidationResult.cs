using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Engine.Training;

namespace PatcherPortal.Engine.Consolidation;

/// <summary>Folded: the new base answers the edit by itself, its patches retire. Kept: its patches still fix it on the new
/// base. Retrained: new patches trained against the new base replace them. Unfixed: neither works (counted in ER).</summary>
public enum EditFate { Folded, Kept, Retrained, Unfixed }

/// <summary>What became of one edit; <see cref="Patches"/> are the ones serving it on the candidate.</summary>
public sealed record EditConsolidation(string EditId, EditFate Fate, IReadOnlyList<Patch> Patches);

/// <summary>
/// The candidate (the fine-tuned base, which owns the patches still serving edits), how it compares with the patched
/// model, and whether it may replace it. Dispose it once saved or refused.
/// </summary>
public sealed class ConsolidationResult(IPretrainedModel candidate, ConsolidationMetrics before, ConsolidationMetrics after,
    IReadOnlyList<EditConsolidation> edits, IReadOnlyList<string> reasons, TrainingReport training, TimeSpan duration) : IDisposable
{
    public IPretrainedModel Candidate { get; } = candidate;
    public ConsolidationMetrics Before { get; } = before;
    public ConsolidationMetrics After { get; } = after;
    /// <summary>The fine-tuned base alone, before any patch is put back on it.</summary>
    public ConsolidationMetrics? FineTunedBase { get; init; }
    public IReadOnlyList<EditConsolidation> Edits { get; } = edits;
    /// <summary>Why the candidate is refused; empty when it is accepted.</summary>
    public IReadOnlyList<string> Reasons { get; } = reasons;
    public bool Accepted => Reasons.Count == 0;
    public TrainingReport Training { get; } = training;
    public TimeSpan Duration { get; } = duration;

    public int Count(EditFate fate) => Edits.Count(e => e.Fate == fate);

    /// <summary>Writes the fine-tuned base (without patches) to <paramref name="directory"/>, which appears only once complete.</summary>
    public void SaveCandidate(string directory)
    {
        var partial = directory + ".partial";
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        Candidate.Save(partial);
        Directory.Move(partial, directory);
    }

    public void Dispose()
    {
        BaseModelBuilder.Editable(Candidate).Network.LastFeedForward.Patches.Clear();
        Candidate.Dispose();
    }
}
