using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing;

/// <summary>
/// The memory M of queries a new patch must stay silent on: training examples' queries plus those of every past
/// edit, appended as editing proceeds.
/// </summary>
public sealed class QueryMemory : IDisposable
{
    private Tensor rows; // (M, d)

    public QueryMemory(Tensor initial) => rows = initial.detach().clone().DetachFromDisposeScope();

    public Tensor Rows => rows;
    public long Count => rows.shape[0];

    public void Append(Tensor queries)
    {
        var grown = cat([rows, queries.detach().to(rows.device)], 0).DetachFromDisposeScope();
        rows.Dispose();
        rows = grown;
    }

    /// <summary>Overwrites the rows at <paramref name="indices"/> with <paramref name="queries"/> (one per index).</summary>
    public void Replace(long[] indices, Tensor queries)
    {
        using var scope = NewDisposeScope();
        rows.index_copy_(0, tensor(indices, device: rows.device), queries.detach().to(rows.device));
    }

    public void Dispose() => rows.Dispose();
}
