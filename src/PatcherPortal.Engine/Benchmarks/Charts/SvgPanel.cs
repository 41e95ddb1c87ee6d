using System.Globalization;
using System.Security;
using System.Text;

namespace PatcherPortal.Engine.Benchmarks.Charts;

/// <summary>A line chart panel with axes, ticks and a legend, written as SVG elements (no native drawing library).</summary>
public sealed record SvgPanel(string Title, string XLabel, string YLabel, IReadOnlyList<SvgLine> Lines, double? YMin = null, double? YMax = null,
    double? XMin = null)
{
    public const int Width = 720, Height = 260;
    /// <summary>A line of at most this many points also marks each point: a one-point line (a short fold's one
    /// measurement, the one block of a stream under 100 edits) would otherwise draw nothing.</summary>
    public const int MarkedPoints = 50;
    private const int Left = 60, Right = 150, Top = 28, Bottom = 40;

    public void WriteTo(StringBuilder svg, double offsetY)
    {
        var points = Lines.SelectMany(l => l.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var (x0, x1) = Range(points.Select(p => p.X), XMin, null);
        var (y0, y1) = Range(points.Select(p => p.Y), YMin, YMax);
        double X(double x) => Left + (x - x0) / (x1 - x0) * (Width - Left - Right);
        double Y(double y) => offsetY + Top + (1 - (y - y0) / (y1 - y0)) * (Height - Top - Bottom);

        svg.Append(F($"<g><text x=\"{Left}\" y=\"{offsetY + 18}\" font-size=\"14\" font-weight=\"bold\">{Escape(Title)}</text>"));
        svg.Append(F($"<rect x=\"{Left}\" y=\"{offsetY + Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" fill=\"none\" stroke=\"#888\"/>"));
        foreach (var t in Ticks(y0, y1))
            svg.Append(F($"<text x=\"{Left - 6}\" y=\"{Y(t) + 4:F1}\" font-size=\"11\" text-anchor=\"end\">{Label(t)}</text><line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(t):F1}\" y2=\"{Y(t):F1}\" stroke=\"#eee\"/>"));
        foreach (var t in Ticks(x0, x1))
            svg.Append(F($"<text x=\"{X(t):F1}\" y=\"{offsetY + Height - Bottom + 16}\" font-size=\"11\" text-anchor=\"middle\">{Label(t)}</text>"));
        svg.Append(F($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{offsetY + Height - 6}\" font-size=\"12\" text-anchor=\"middle\">{Escape(XLabel)}</text>"));
        svg.Append(F($"<text x=\"14\" y=\"{offsetY + Height / 2.0:F1}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 {offsetY + Height / 2.0:F1})\">{Escape(YLabel)}</text>"));
        for (var i = 0; i < Lines.Count; i++)
        {
            var line = Lines[i];
            var finite = line.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
            var drawn = finite.Select(p => F($"{X(p.X):F1},{Y(p.Y):F1}"));
            svg.Append(F($"<polyline fill=\"none\" stroke=\"{line.Colour}\" stroke-width=\"1.5\" points=\"{string.Join(' ', drawn)}\"><title>{Escape(line.Name)}</title></polyline>"));
            if (finite.Count <= MarkedPoints)
                foreach (var p in finite)
                    svg.Append(F($"<circle cx=\"{X(p.X):F1}\" cy=\"{Y(p.Y):F1}\" r=\"3\" fill=\"{line.Colour}\"><title>{Escape(line.Name)}</title></circle>"));
            var legendY = offsetY + Top + 14 + 18 * i;
            svg.Append(F($"<line x1=\"{Width - Right + 10}\" x2=\"{Width - Right + 30}\" y1=\"{legendY - 4}\" y2=\"{legendY - 4}\" stroke=\"{line.Colour}\" stroke-width=\"2\"/><text x=\"{Width - Right + 36}\" y=\"{legendY}\" font-size=\"11\">{Escape(line.Name)}</text>"));
        }
        svg.Append("</g>");
    }

    private static (double Low, double High) Range(IEnumerable<double> values, double? low, double? high)
    {
        var list = values.ToList();
        var (min, max) = (low ?? (list.Count == 0 ? 0 : list.Min()), high ?? (list.Count == 0 ? 1 : list.Max()));
        return max > min ? (min, max) : (min - 0.5, max + 0.5);
    }

    /// <summary>About five round tick values between low and high.</summary>
    private static IEnumerable<double> Ticks(double low, double high)
    {
        var raw = (high - low) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        for (var t = Math.Ceiling(low / step) * step; t <= high + step * 1e-9; t += step) yield return t;
    }

    private static string Label(double value) => value.ToString(Math.Abs(value) >= 100 || value == Math.Round(value) ? "0" : "0.###", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
