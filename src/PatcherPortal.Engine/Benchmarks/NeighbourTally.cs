using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Engine.Benchmarks;

/// <summary>Counts, over one stream, the edits' neighbours that still answer as f0 did, and those that answer as f0 did or
/// now give the dataset's answer (changed, but not to something wrong): right after each edit and at the end.</summary>
internal sealed class NeighbourTally
{
    /// <summary>The checks right after each edit so far, and the changes seen: what a resumed run starts from.</summary>
    public sealed record Tally(int Kept, int ToDatasetAnswer, int Checked, IReadOnlyList<NeighbourChange> Changes);

    private readonly Neighbourhood? neighbourhood;
    private readonly IEditableModel model;
    private readonly IReadOnlySet<string> streamInputs;
    private readonly List<NeighbourChange> changes = [];
    private readonly HashSet<(string Edit, string Input)> reported = [];
    private Counts afterEdit, atEnd;

    public NeighbourTally(Neighbourhood? neighbourhood, IReadOnlyList<EditExample> stream, IEditableModel model, Tally? resumed = null)
    {
        (this.neighbourhood, this.model, streamInputs) = (neighbourhood, model, Neighbourhood.Inputs(stream));
        if (resumed is null) return;
        afterEdit = new Counts { Kept = resumed.Kept, ToDatasetAnswer = resumed.ToDatasetAnswer, Checked = resumed.Checked };
        changes.AddRange(resumed.Changes);
        reported.UnionWith(resumed.Changes.Select(c => (c.EditId, c.Input)));
    }

    public Tally AfterEditTally => new(afterEdit.Kept, afterEdit.ToDatasetAnswer, afterEdit.Checked, changes.ToList());

    public double AfterEditRate => Rate(afterEdit.Kept, afterEdit.Checked);
    public double AtEndRate => Rate(atEnd.Kept, atEnd.Checked);
    public double AfterEditNotWrongRate => Rate(afterEdit.Kept + afterEdit.ToDatasetAnswer, afterEdit.Checked);
    public double AtEndNotWrongRate => Rate(atEnd.Kept + atEnd.ToDatasetAnswer, atEnd.Checked);
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

    private Counts Add(Counts tally, EditExample edit, List<(string Input, string Answer)> now, bool atEndOfStream)
    {
        foreach (var (input, answer) in now)
        {
            var before = neighbourhood!.Before[input];
            tally.Checked++;
            if (model.Matches(answer, before)) { tally.Kept++; continue; }
            var toDatasetAnswer = neighbourhood.Expected.TryGetValue(input, out var expected) && model.Matches(answer, expected);
            if (toDatasetAnswer) tally.ToDatasetAnswer++;
            if (reported.Add((edit.Id, input)))
                changes.Add(new NeighbourChange(edit.Id, edit.Input, input, before, answer, atEndOfStream, toDatasetAnswer));
        }
        return tally;
    }

    private struct Counts
    {
        public int Kept, ToDatasetAnswer, Checked;
    }

    private static double Rate(int hits, int total) => total == 0 ? double.NaN : hits / (double)total;
}
