using PatcherPortal.Engine.Datasets;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace PatcherPortal.Engine.Editing.Neighbours;

/// <summary>
/// Hard negatives chosen by nearness at the patched layer: of every input the deployment knows with its expected
/// answer (training data, a keep set, past edits), those whose query at the row deciding the first output is most like
/// the edit's and whose answer differs from the edit's target. Those are the inputs a patch's half-space reaches first
/// when it rotates, and being near in the model's own representation they need no shared wording, unlike
/// <see cref="ContrastiveInputs"/>: the rule holds on any team's data.
/// </summary>
public sealed class HardNegatives : IDisposable
{
    private readonly List<LabelledInput> known = [];
    private Tensor directions; // (K, d) unit rows

    /// <param name="queries">The known inputs' <see cref="IEditableModel.InputQueries"/> (K, d), in order; copied.</param>
    public HardNegatives(IReadOnlyList<LabelledInput> known, Tensor queries)
    {
        if (queries.shape[0] != known.Count)
            throw new ArgumentException($"{known.Count} known inputs need as many queries (got {queries.shape[0]}).", nameof(queries));
        this.known.AddRange(known);
        directions = F.normalize(queries.detach(), dim: -1).clone().DetachFromDisposeScope();
    }

    /// <summary>Reads the queries of the distinct known (input, answer) pairs from the model.</summary>
    public static HardNegatives Build(IEditableModel model, IEnumerable<LabelledInput> known)
    {
        var distinct = known.DistinctBy(k => k.Input, StringComparer.Ordinal).ToList();
        using var scope = NewDisposeScope();
        return new HardNegatives(distinct, model.InputQueries(distinct.Select(k => k.Input).ToList()));
    }

    public int Count => known.Count;

    /// <summary>The same pool less some inputs (the benchmark keeps the neighbours it scores out of it).</summary>
    public HardNegatives Without(IReadOnlySet<string> inputs)
    {
        using var scope = NewDisposeScope();
        var keep = Enumerable.Range(0, known.Count).Where(i => !inputs.Contains(known[i].Input)).ToList();
        return new HardNegatives(keep.Select(i => known[i]).ToList(),
            directions.index_select(0, tensor(keep.Select(i => (long)i).ToArray(), device: directions.device)));
    }

    /// <summary>A past edit joins the pool with its target, so later edits are kept apart from it too.</summary>
    public void Add(string input, string answer, Tensor query)
    {
        var grown = cat([directions, F.normalize(query.detach().reshape(1, -1), dim: -1).to(directions.device)], 0).DetachFromDisposeScope();
        directions.Dispose();
        directions = grown;
        known.Add(new LabelledInput(input, answer));
    }

    /// <summary>Up to <paramref name="max"/> known inputs nearest <paramref name="editQuery"/> (d) whose expected answer
    /// the model does not count as the edit's target, none of them one of the edit's own inputs; nearest first.</summary>
    public IReadOnlyList<LabelledInput> For(IEditableModel model, EditRequest request, Tensor editQuery, int max)
    {
        var own = request.AllInputs.ToHashSet(StringComparer.Ordinal);
        return Nearest(editQuery, max, k => !own.Contains(k.Input) && !model.Matches(k.Target, request.Target));
    }

    /// <summary>Up to <paramref name="max"/> distinct known inputs nearest <paramref name="query"/> (d) by cosine at the
    /// patched layer that <paramref name="where"/> accepts, nearest first.</summary>
    public IReadOnlyList<LabelledInput> Nearest(Tensor query, int max, Func<LabelledInput, bool>? where = null)
    {
        if (max <= 0 || known.Count == 0) return [];
        float[] similarity;
        using (NewDisposeScope())
            similarity = directions.matmul(F.normalize(query.detach().reshape(-1), dim: 0).to(directions.device)).cpu().data<float>().ToArray();
        var chosen = new List<LabelledInput>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in Enumerable.Range(0, known.Count).OrderByDescending(i => similarity[i]))
        {
            if ((where is not null && !where(known[i])) || !seen.Add(known[i].Input)) continue;
            chosen.Add(known[i]);
            if (chosen.Count == max) break;
        }
        return chosen;
    }

    public HardNegatives Copy() => Without(new HashSet<string>());

    public void Dispose() => directions.Dispose();
}
