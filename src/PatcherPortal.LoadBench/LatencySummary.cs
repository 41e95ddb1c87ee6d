namespace PatcherPortal.LoadBench;

/// <summary>Throughput and latency percentiles of one kind of request in one phase.</summary>
public sealed record LatencySummary(string Kind, int Requests, int Errors, double PerSecond, double P50, double P95, double P99, double Max)
{
    public static LatencySummary Of(string kind, IReadOnlyList<Sample> samples, TimeSpan elapsed)
    {
        var sorted = samples.Select(s => s.Milliseconds).Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new LatencySummary(kind, samples.Count, samples.Count(s => !s.Ok), samples.Count / elapsed.TotalSeconds,
            Percentile(0.50), Percentile(0.95), Percentile(0.99), sorted.Length == 0 ? double.NaN : sorted[^1]);
    }
}
