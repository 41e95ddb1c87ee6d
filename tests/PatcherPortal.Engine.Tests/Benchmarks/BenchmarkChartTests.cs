using System.Xml.Linq;
using PatcherPortal.Engine.Benchmarks;
using PatcherPortal.Engine.Benchmarks.Charts;

namespace PatcherPortal.Engine.Tests.Benchmarks;

public class BenchmarkChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static EditorRunResult Stream(string editor, int edits)
    {
        var seconds = Enumerable.Range(0, edits).Select(i => 1 + i / 100.0).ToList();
        return new EditorRunResult
        {
            Editor = editor, Stream = SequentialEditingBenchmark.SingleStreamName, Edits = edits,
            Series = Enumerable.Range(1, edits / 10).Select(k => new SeriesPoint(k * 10, 1, 0.5, 0.99, 0.97, double.NaN, k * 10, 1000)).ToList(),
            EditSeconds = seconds, EditTimeBlocks = EditTimeBlock.Of(seconds),
        };
    }

    private static BenchmarkReport Report(params EditorRunResult[] runs) =>
        new("qa", "cf & <sample>", "models/x", DateTime.UtcNow, TimeSpan.FromMinutes(3), new BenchmarkOptions(), "CPU", 2, runs, 40_000);

    [Fact]
    public void Each_run_gets_a_rates_panel_and_an_edit_time_panel_in_well_formed_svg()
    {
        var document = XDocument.Parse(BenchmarkChart.Svg(Report(Stream("T-Patcher", 250), Stream("FT-L <lr 1e-5> & KL", 30))));

        Assert.Equal(Svg + "svg", document.Root!.Name);
        var titles = document.Descendants(Svg + "polyline").Select(p => p.Element(Svg + "title")!.Value).ToList();
        Assert.Equal(2 * 6, titles.Count);
        Assert.Contains("SR", titles);
        Assert.Contains("ER (last 100)", titles);
        Assert.Contains("TrainR (sample)", titles);
        Assert.Contains("median per 100", titles);
    }

    [Fact]
    public void Every_edit_is_a_point_of_the_edit_time_line_and_every_series_point_of_the_rate_lines()
    {
        var document = XDocument.Parse(BenchmarkChart.Svg(Report(Stream("T-Patcher", 250))));

        int Points(string title) => document.Descendants(Svg + "polyline").Single(p => p.Element(Svg + "title")!.Value == title)
            .Attribute("points")!.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.Equal(250, Points("each edit"));
        Assert.Equal(25, Points("SR"));
        Assert.Equal(3, Points("median per 100"));
    }

    [Fact]
    public void A_fold_measured_once_shows_its_rates_as_points_on_an_axis_from_zero_edits()
    {
        var document = XDocument.Parse(BenchmarkChart.Svg(Report(Stream("T-Patcher", 10))));

        var srMarks = document.Descendants(Svg + "circle").Where(c => c.Element(Svg + "title")!.Value == "SR").ToList();
        Assert.Single(srMarks);
        var ratesPanel = document.Root!.Elements(Svg + "g").First();
        var labels = ratesPanel.Elements(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("4", labels);
        Assert.DoesNotContain("9.6", labels);
    }

    [Fact]
    public void Edit_times_are_summarised_per_block_of_a_hundred_edits_the_last_block_holding_the_rest()
    {
        var seconds = Enumerable.Range(1, 250).Select(i => (double)i).ToList();

        var blocks = EditTimeBlock.Of(seconds);

        Assert.Equal([(1, 100), (101, 200), (201, 250)], blocks.Select(b => (b.First, b.Last)));
        Assert.Equal(50, blocks[0].MedianSeconds);
        Assert.Equal(95, blocks[0].P95Seconds);
        Assert.Equal(225, blocks[2].MedianSeconds);
    }
}
