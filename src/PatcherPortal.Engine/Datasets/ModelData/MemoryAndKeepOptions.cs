namespace PatcherPortal.Engine.Datasets;

public sealed record MemoryAndKeepOptions
{
    /// <summary>The share of the trained-on groups kept out of the memory (the benchmark's: half and half).</summary>
    public double KeepShare { get; init; } = 0.5;
    public int Seed { get; init; } = TaskData.DefaultSeed;
    /// <summary>Examples with the same key are one group and land on one side, e.g. the claims of one fact
    /// (<see cref="DefaultDataset.FactOf"/>); null groups by id. Examples sharing an input or paraphrase are one group anyway.</summary>
    public Func<EditExample, string>? GroupOf { get; init; }
}
