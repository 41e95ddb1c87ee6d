using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Patching.Neighbours;

/// <summary>A correction's neighbours as shown: those its current candidate changed, and the regressions earlier
/// candidates changed that every later training keeps (each holds unless it is in <see cref="Current"/> again).</summary>
public sealed record NeighbourList(IReadOnlyList<NeighbourChange> Current, IReadOnlyList<NeighbourChange> Kept)
{
    public static NeighbourList Of(Correction correction) => new(
        correction.Neighbours.Where(n => n.Retrain == correction.Retrains).OrderBy(n => n.Id).ToList(),
        correction.Neighbours.Where(n => n.Retrain < correction.Retrains && n.Verdict == NeighbourVerdict.Regression)
            .DistinctBy(n => n.Input).OrderBy(n => n.Id).ToList());

    public bool Holds(NeighbourChange kept) => Current.All(c => c.Input != kept.Input);
}
