using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Editing.Neighbours;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Patching.Neighbours;

/// <summary>
/// The inputs a correction's candidate is checked on before anyone approves it: the <see cref="Nearest"/> known inputs
/// nearest the edit at the patched layer (cosine of <see cref="IEditableModel.InputQueries"/>, among every input the
/// deployment knows: its memory, keep set, past edits and recent traffic). An input's query depends on the base model
/// alone, so each is read once per workbench and kept.
/// </summary>
public sealed class NeighbourFinder(IEditableModel model) : IDisposable
{
    public const int Nearest = 50;
    private readonly List<LabelledInput> known = [];
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private Tensor? queries;
    private HardNegatives? pool;

    /// <summary>The known inputs nearest <paramref name="request"/>'s input, none of the edit's own, nearest first.</summary>
    public IReadOnlyList<string> For(EditRequest request, IEnumerable<string> knownInputs)
    {
        Include(knownInputs);
        if (pool is null) return [];
        var own = request.AllInputs.ToHashSet(StringComparer.Ordinal);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var query = model.InputQueries([request.Input])[0];
        return pool.Nearest(query, Nearest, k => !own.Contains(k.Input)).Select(k => k.Input).ToList();
    }

    private void Include(IEnumerable<string> inputs)
    {
        var fresh = inputs.Select(i => i.Trim()).Where(i => i.Length > 0 && seen.Add(i)).ToList();
        if (fresh.Count == 0) return;
        using (NewDisposeScope())
        using (no_grad())
        {
            var read = model.InputQueries(fresh);
            var grown = (queries is null ? read : cat([queries, read], 0)).DetachFromDisposeScope();
            queries?.Dispose();
            queries = grown;
        }
        known.AddRange(fresh.Select(i => new LabelledInput(i, "")));
        pool?.Dispose();
        pool = new HardNegatives(known, queries);
    }

    public void Dispose()
    {
        pool?.Dispose();
        queries?.Dispose();
    }
}
