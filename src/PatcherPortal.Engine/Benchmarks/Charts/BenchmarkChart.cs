using System.Globalization;
using System.Text;

namespace PatcherPortal.Engine.Benchmarks.Charts;

/// <summary>A benchmark's per-edit series as one SVG: for each run, SR, ER and TrainR against the edit number and, below,
/// each edit's time with the median per block of 100 edits.</summary>
public static class BenchmarkChart
{
    public static string Svg(BenchmarkReport report)
    {
        var panels = report.Runs.Where(r => r.Series.Count > 0 || r.EditSeconds.Count > 0).SelectMany(Panels).ToList();
        var svg = new StringBuilder();
        svg.Append(string.Create(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{SvgPanel.Width}\" height=\"{Math.Max(1, panels.Count) * SvgPanel.Height}\" font-family=\"sans-serif\">"));
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        for (var i = 0; i < panels.Count; i++) panels[i].WriteTo(svg, i * SvgPanel.Height);
        return svg.Append("</svg>").ToString();
    }

    private static IEnumerable<SvgPanel> Panels(EditorRunResult run)
    {
        var title = $"{run.Editor}, {run.Stream}";
        yield return new SvgPanel(title, "edits", "rate", [
            new SvgLine("SR", "#1f77b4", run.Series.Select(p => ((double)p.Edits, p.SR)).ToList()),
            new SvgLine("ER (last 100)", "#2ca02c", run.Series.Select(p => ((double)p.Edits, p.ER)).ToList()),
            new SvgLine("TrainR (sample)", "#d62728", run.Series.Select(p => ((double)p.Edits, p.TrainR)).ToList()),
        ], YMin: 0, YMax: 1, XMin: 0);
        yield return new SvgPanel($"{title}: edit time", "edit number", "seconds", [
            new SvgLine("each edit", "#bbbbbb", run.EditSeconds.Select((s, i) => (i + 1.0, s)).ToList()),
            new SvgLine($"median per {EditTimeBlock.DefaultSize}", "#ff7f0e", run.EditTimeBlocks.Select(b => ((b.First + b.Last) / 2.0, b.MedianSeconds)).ToList()),
            new SvgLine($"p95 per {EditTimeBlock.DefaultSize}", "#9467bd", run.EditTimeBlocks.Select(b => ((b.First + b.Last) / 2.0, b.P95Seconds)).ToList()),
        ], YMin: 0);
    }
}
