using PatcherPortal.Engine.Datasets;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Metrics;

/// <summary>
/// The neighbourhood the retain metrics check: the measured live edits' neighbours (<see cref="EditReport.NeighboursBefore"/>),
/// each with the answer the model gave before the edit. Left out are the live edits' own inputs and paraphrases, which an
/// edit may change on purpose, and the changes a reviewer marked intended. An input near several edits counts once, against
/// the answer before the oldest of them. At most <see cref="Cap"/>, picked as <see cref="MeasuredEdits"/> picks edits.
/// </summary>
public static class MeasuredNeighbours
{
    public const int Cap = 2000;

    /// <param name="reports">The measured edits' reports, oldest first.</param>
    /// <param name="leftOut">Inputs never counted: every live edit's inputs and the neighbours marked intended.</param>
    public static IReadOnlyList<LabelledInput> Pick(IEnumerable<EditReport?> reports, IReadOnlySet<string> leftOut, int cap = Cap) =>
        MeasuredEdits.Pick(reports.SelectMany(r => r?.NeighboursBefore ?? [])
            .Where(n => !leftOut.Contains(n.Input)).DistinctBy(n => n.Input).ToList(), cap);
}
