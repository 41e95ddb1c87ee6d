using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Editing.Neighbours;

/// <summary>A neighbour whose answer an edit changed, with the patch that fired hardest on it (null when none of the
/// patches asked about fired: the change came from elsewhere, e.g. a fine-tuned weight).</summary>
public sealed record ChangedNeighbour(string Input, string Before, string After, FiredPatch? Firing);

/// <summary>What else a candidate edit changes: which neighbour inputs answer differently now than before it.</summary>
public static class NeighbourCheck
{
    /// <param name="before">Each neighbour with the answer it gave before the candidate patches were applied.</param>
    /// <param name="candidate">The candidate's patches; null looks at every patch of the model.</param>
    public static IReadOnlyList<ChangedNeighbour> Changed(IEditableModel model, IReadOnlyList<LabelledInput> before,
        IReadOnlyCollection<Guid>? candidate = null)
    {
        if (before.Count == 0) return [];
        var after = model.Predict(before.Select(b => b.Input).ToList());
        return before.Select((b, i) => (Before: b, After: after[i]))
            .Where(p => !model.Matches(p.After, p.Before.Target))
            .Select(p => new ChangedNeighbour(p.Before.Input, p.Before.Target, p.After,
                PatchFiring.Fired(model, p.Before.Input, p.After).FirstOrDefault(f => candidate?.Contains(f.PatchId) ?? true)))
            .ToList();
    }
}
