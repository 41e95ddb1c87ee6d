using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing;

/// <summary>
/// Inputs logged after an editor was built, kept in its memory as a uniform sample of everything logged, at most
/// <c>capacity</c> queries, as its first memory was sampled (reservoir sampling, Vitter's algorithm R). The first
/// <c>initialRows</c> rows of the memory are that first sample; rows added by edits are never replaced.
/// </summary>
public sealed class MemoryReservoir(QueryMemory memory, int capacity, long initialRows, int seed)
{
    private readonly List<long> rows = [.. Enumerable.Range(0, (int)initialRows).Select(r => (long)r)];
    private readonly Random random = new(seed);
    // The first sample counts as all that was seen before: later traffic weighs a little more than a strict reservoir's.
    private long seen = initialRows;

    /// <summary>Memory rows holding sampled traffic (at most the capacity).</summary>
    public int Count => rows.Count;

    /// <param name="queries">(N, d): the new inputs' queries.</param>
    public void Add(Tensor queries)
    {
        var appended = new List<long>();
        var replaced = new Dictionary<long, long>(); // memory row -> query
        for (long query = 0; query < queries.shape[0]; query++, seen++)
        {
            if (rows.Count < capacity)
            {
                rows.Add(memory.Count + appended.Count);
                appended.Add(query);
                continue;
            }
            var slot = random.NextInt64(seen + 1);
            if (slot >= capacity) continue;
            var row = rows[(int)slot];
            if (row >= memory.Count) appended[(int)(row - memory.Count)] = query;
            else replaced[row] = query;
        }
        using var scope = NewDisposeScope();
        if (replaced.Count > 0)
            memory.Replace(replaced.Keys.ToArray(), queries.index_select(0, tensor(replaced.Values.ToArray(), device: queries.device)));
        if (appended.Count > 0)
            memory.Append(queries.index_select(0, tensor(appended.ToArray(), device: queries.device)));
    }
}
