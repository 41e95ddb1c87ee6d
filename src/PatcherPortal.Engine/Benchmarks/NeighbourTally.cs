using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Engine.Benchmarks;

/// <summary>Counts, over one stream, the edits' neighbours that still answer as f0 did: right after each edit and at the end.</summary>
internal sealed class NeighbourTally(Neighbourhood? neighbourhood, IReadOnlyList<EditExample> stream, IEditableModel model)
{
    private readonly IReadOnlySet<string> streamInputs = Neighbourhood.Inputs(stream);
    private readonly List<NeighbourChange> changes = [];
    private readonly HashSet<(string Edit, string Input)> reported = [];
    private (int Kept, int Checked) afterEdit, atEnd;

    public double AfterEditRate => Rate(afterEdit);
    public double AtEndRate => Rate(atEnd);
    public int AfterEditChecks => afterEdit.Checked;
    public IReadOnlyList<NeighbourChange> Changes => changes;

    public void AfterEdit(EditExample edit, Func<IReadOnlyList<string>, IReadOnlyList<string>> predict) =>
        afterEdit = Add(afterEdit, edit, Check(edit, predict), atEndOfStream: false);

    public void AtEnd(IReadOnlyList<EditExample> edited, Func<IReadOnlyList<string>, IReadOnlyList<string>> predict)
    {
        if (neighbourhood is null) return;
        var inputs = edited.SelectMany(e => neighbourhood.Of(e, streamInputs)).Distinct().ToList();
        var answers = inputs.Count == 0 ? new Dictionary<string, string>()
            : inputs.Zip(predict(inputs)).ToDictionary(p => p.First, p => p.Second);
        foreach (var edit in edited)
            atEnd = Add(atEnd, edit, neighbourhood.Of(edit, streamInputs).Select(i => (i, answers[i])).ToList(), atEndOfStream: true);
    }

    private List<(string Input, string Answer)> Check(EditExample edit, Func<IReadOnlyList<string>, IReadOnlyList<string>> predict)
    {
        var inputs = neighbourhood?.Of(edit, streamInputs) ?? [];
        return inputs.Count == 0 ? [] : inputs.Zip(predict(inputs)).ToList();
    }

    private (int, int) Add((int Kept, int Checked) tally, EditExample edit, List<(string Input, string Answer)> now, bool atEndOfStream)
    {
        foreach (var (input, answer) in now)
        {
            var before = neighbourhood!.Before[input];
            if (model.Matches(answer, before)) { tally.Kept++; }
            else if (reported.Add((edit.Id, input))) changes.Add(new NeighbourChange(edit.Id, edit.Input, input, before, answer, atEndOfStream));
            tally.Checked++;
        }
        return tally;
    }

    private static double Rate((int Kept, int Checked) tally) => tally.Checked == 0 ? double.NaN : tally.Kept / (double)tally.Checked;
}
