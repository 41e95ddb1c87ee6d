namespace PatcherPortal.Engine.Benchmarks;

/// <summary>Edit time over edits <see cref="First"/>..<see cref="Last"/> (1-based) of a stream: whether editing slows as
/// the patch bank and the memory grow.</summary>
public sealed record EditTimeBlock(int First, int Last, double MedianSeconds, double P95Seconds)
{
    public const int DefaultSize = 100;

    public static IReadOnlyList<EditTimeBlock> Of(IReadOnlyList<double> seconds, int size = DefaultSize) =>
        seconds.Chunk(size).Select((block, i) => new EditTimeBlock(i * size + 1, i * size + block.Length,
            SequentialEditingRun.Percentile(block, 0.5), SequentialEditingRun.Percentile(block, 0.95))).ToList();
}
