using PatcherPortal.Engine.Editing;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Editing;

/// <summary>A model without data stays silent on its traffic: the memory keeps a sample of it, never more than the
/// memory size, and never drops the queries of past edits.</summary>
public sealed class MemoryReservoirTests
{
    [Fact]
    public void Until_the_memory_size_is_reached_every_logged_input_joins_the_memory()
    {
        using var scope = NewDisposeScope();
        using var memory = new QueryMemory(Rows(1, 2, 3));
        var reservoir = new MemoryReservoir(memory, capacity: 10, initialRows: 3, seed: 0);

        reservoir.Add(Rows(4, 5, 6, 7, 8));

        Assert.Equal(8, reservoir.Count);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, Values(memory));
    }

    [Fact]
    public void Traffic_beyond_the_memory_size_replaces_sampled_traffic_and_leaves_past_edits_in_place()
    {
        using var scope = NewDisposeScope();
        using var memory = new QueryMemory(Rows(1, 2, 3, -1, -2)); // three sampled inputs, then two past edits' queries
        var reservoir = new MemoryReservoir(memory, capacity: 5, initialRows: 3, seed: 0);

        foreach (var batch in Enumerable.Range(4, 200).Chunk(20)) reservoir.Add(Rows([.. batch.Select(v => (float)v)]));

        var values = Values(memory);
        Assert.Equal(5, reservoir.Count);
        Assert.Equal(7, values.Length);
        Assert.Equal(new float[] { -1, -2 }, values[3..5]);
        Assert.Equal(5, values.Where(v => v > 0).Distinct().Count());
    }

    [Fact]
    public void Every_logged_input_is_equally_likely_to_be_remembered_whatever_its_batch()
    {
        const int Capacity = 10, Logged = 400, Runs = 300;
        var kept = new int[Logged];
        for (var seed = 0; seed < Runs; seed++)
        {
            using var scope = NewDisposeScope();
            using var memory = new QueryMemory(zeros(0, 1));
            var reservoir = new MemoryReservoir(memory, Capacity, initialRows: 0, seed);
            foreach (var batch in Enumerable.Range(1, Logged).Chunk(37)) reservoir.Add(Rows([.. batch.Select(v => (float)v)]));
            foreach (var value in Values(memory)) kept[(int)value - 1]++;
        }

        // Each quarter of the traffic should hold a quarter of the kept rows (750 of 3,000; sd ≈ 24).
        var quarters = kept.Chunk(Logged / 4).Select(q => q.Sum()).ToList();
        Assert.All(quarters, q => Assert.InRange(q, 650, 850));
    }

    private static Tensor Rows(params float[] values) => tensor(values).reshape(-1, 1);

    private static float[] Values(QueryMemory memory) => memory.Rows.reshape(-1).data<float>().ToArray();
}
