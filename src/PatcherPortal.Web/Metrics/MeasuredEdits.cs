using PatcherPortal.Web.Components.Shared;

namespace PatcherPortal.Web.Metrics;

/// <summary>
/// The live edits ER is measured on after a version change. Every one, up to <see cref="Cap"/>; beyond, the newest half of
/// the cap (where a new patch most likely disturbs) and the rest spread evenly over the older ones, so the job's time stays
/// bounded however many edits a model has accumulated.
/// </summary>
public static class MeasuredEdits
{
    public const int Cap = 2000;

    /// <param name="edits">Oldest first.</param>
    public static IReadOnlyList<T> Pick<T>(IReadOnlyList<T> edits, int cap = Cap)
    {
        if (edits.Count <= cap) return edits;
        var newest = edits.Skip(edits.Count - cap / 2).ToList();
        var older = edits.Take(edits.Count - newest.Count).ToList();
        return [.. Downsample.Pick(older, cap - newest.Count), .. newest];
    }
}
