namespace PatcherPortal.Web.Components.Shared;

/// <summary>At most n evenly spaced items, always keeping the first and the last (charts stay fast and readable).</summary>
public static class Downsample
{
    public static IReadOnlyList<T> Pick<T>(IReadOnlyList<T> items, int n)
    {
        if (items.Count <= n || n < 2) return items;
        return Enumerable.Range(0, n).Select(i => items[(int)Math.Round(i * (items.Count - 1) / (double)(n - 1))]).ToList();
    }
}
