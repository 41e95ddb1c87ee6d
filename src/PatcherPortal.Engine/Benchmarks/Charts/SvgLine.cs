namespace PatcherPortal.Engine.Benchmarks.Charts;

/// <summary>One named series of a chart panel, drawn as a polyline (NaN points are left out).</summary>
public sealed record SvgLine(string Name, string Colour, IReadOnlyList<(double X, double Y)> Points);
