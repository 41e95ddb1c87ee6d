namespace PatcherPortal.Web.Components.Shared;

/// <summary>
/// A chart draws every label it is given under its point; with dozens of points they run into one another. This keeps
/// at most <c>max</c> evenly spaced labels (the first and the last always) and blanks the rest.
/// </summary>
public static class AxisLabels
{
    public static string[] Sparse(IReadOnlyList<string> labels, int max, Func<int, bool>? keep = null)
    {
        var shown = Downsample.Pick(Enumerable.Range(0, labels.Count).ToList(), max).ToHashSet();
        return labels.Select((label, i) => shown.Contains(i) || keep?.Invoke(i) == true ? label : "").ToArray();
    }
}
