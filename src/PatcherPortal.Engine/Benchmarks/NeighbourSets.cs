using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace PatcherPortal.Engine.Benchmarks;

/// <summary>
/// Each edit's neighbours, the inputs whose answers an edit must leave alone, by one rule: the dataset's own locality
/// probes where it has them (zsRE's <c>loc</c>, CounterFact's <c>locality_prompt</c>); otherwise, where examples name
/// their subject and relation (the default country facts), the subject's other relations plus the same relation for
/// the <see cref="NearestSubjects"/> subjects nearest the edit at the patched layer (cosine of f0's
/// <see cref="IEditableModel.InputQueries"/>, the best over each subject's inputs), each as the dataset's inputs for
/// that fact (its question, or its claims), from every split. Each neighbour comes with the dataset's answer to it
/// (the probe's, or the fact's), which tells a change that breaks a neighbour from one that corrects it.
/// </summary>
public static class NeighbourSets
{
    public const int NearestSubjects = 4;

    public static IReadOnlyDictionary<string, IReadOnlyList<LabelledInput>> For(TaskData data, IReadOnlyList<EditExample> edits, IEditableModel f0)
    {
        if (edits.Any(e => e.Locality.Count > 0))
            return edits.DistinctBy(e => e.Id).ToDictionary(e => e.Id, e => (IReadOnlyList<LabelledInput>)e.Locality.DistinctBy(l => l.Input, StringComparer.Ordinal).ToList());
        var pool = data.Splits.Train.Concat(data.Splits.Val).Concat(data.Splits.Edit).Concat(data.Splits.Test)
            .Where(e => e.Subject is not null && e.Relation is not null).DistinctBy(e => e.Input).ToList();
        if (pool.Count == 0) return new Dictionary<string, IReadOnlyList<LabelledInput>>();
        using var scope = NewDisposeScope();
        var directions = F.normalize(f0.InputQueries(pool.Select(e => e.Input).ToList()), dim: -1);          // (P, d)
        var index = pool.Select((e, i) => (e.Input, i)).ToDictionary(p => p.Input, p => p.i);
        var result = new Dictionary<string, IReadOnlyList<LabelledInput>>();
        foreach (var edit in edits.Where(e => e.Subject is not null && index.ContainsKey(e.Input)).DistinctBy(e => e.Id))
        {
            var similarity = directions.matmul(directions[index[edit.Input]]).cpu().data<float>().ToArray();
            var otherRelations = pool.Where(e => e.Subject == edit.Subject && e.Relation != edit.Relation);
            var sameRelation = pool.Where(e => e.Relation == edit.Relation && e.Subject != edit.Subject).ToList();
            var nearest = sameRelation.GroupBy(e => e.Subject)
                .OrderByDescending(g => g.Max(e => similarity[index[e.Input]])).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(NearestSubjects).SelectMany(g => g);
            result[edit.Id] = otherRelations.Concat(nearest).Select(e => new LabelledInput(e.Input, e.Target)).ToList();
        }
        return result;
    }
}
