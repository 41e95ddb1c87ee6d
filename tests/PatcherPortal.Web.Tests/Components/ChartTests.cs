using System.Globalization;
using Bunit;
using PatcherPortal.Web.Components.Pages.Metrics;
using PatcherPortal.Web.Components.Shared;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Tests.Components;

public sealed class ChartTests : IAsyncLifetime
{
    private readonly BunitContext bunit = PortalBunit.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await bunit.DisposeAsync();

    [Fact]
    public void The_live_training_chart_labels_a_few_steps_far_enough_apart_to_read()
    {
        var progress = new CorrectionProgress { MaxSteps = 400, Phase = "Training the patch" };
        for (var step = 1; step <= 400; step++) progress.Add(new ProgressPoint(step, 1.0 / step, 0.5 / step, 0.1, 0.1));

        var view = bunit.Render<JobProgressView>(p => p.Add(v => v.Progress, progress));

        // x-axis labels sit under the plot (dominant-baseline middle); y-axis labels do not.
        var labels = view.FindAll("svg.mud-chart-line text[dominant-baseline=middle]")
            .Where(t => t.TextContent.Length > 0)
            .Select(t => (Text: t.TextContent, X: double.Parse(t.GetAttribute("x")!, CultureInfo.InvariantCulture))).ToList();
        Assert.InRange(labels.Count, 4, 8);
        Assert.Equal(("1", "400"), (labels[0].Text, labels[^1].Text));
        const double fontSize = 12;
        Assert.All(labels.Zip(labels.Skip(1)), pair => Assert.True(pair.Second.X - pair.First.X > 4 * fontSize,
            $"labels {pair.First.Text} and {pair.Second.Text} are {pair.Second.X - pair.First.X:F0} units apart"));
    }

    [Theory]
    [InlineData(5, 8, "a,b,c,d,e")]
    [InlineData(9, 3, "a,,,,e,,,,i")]
    public void Sparse_axis_labels_keep_both_ends_and_blank_the_rest(int count, int max, string expected)
    {
        var labels = Enumerable.Range(0, count).Select(i => ((char)('a' + i)).ToString()).ToList();

        Assert.Equal(expected, string.Join(",", AxisLabels.Sparse(labels, max)));
    }

    [Fact]
    public void Retain_rates_that_overlap_on_the_chart_are_each_readable_in_the_table_beside_it()
    {
        MetricSnapshot[] snapshots =
        [
            new() { Model = "qa", ModelVersion = 1, EditCount = 0, EditSuccess = null, TrainRetain = 1, TestRetain = 1 },
            new() { Model = "qa", ModelVersion = 2, EditCount = 1, EditSuccess = 1, TrainRetain = 1, TestRetain = 1, NeighbourRetain = 1, NeighbourChecks = 50 },
            new() { Model = "qa", ModelVersion = 3, EditCount = 2, EditSuccess = 0.5, TrainRetain = 0.975, TestRetain = 1, NeighbourRetain = 0.99, NeighbourChecks = 100 },
        ];

        var table = bunit.Render<RetainTable>(p => p.Add(t => t.Snapshots, snapshots));

        var rows = table.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Replace('\u00a0', ' ')).ToArray()).ToList();
        Assert.Equal(["ER", "Train kept", "Test kept", "Neighbours kept"], table.FindAll("thead th").Skip(2).Select(th => th.TextContent));
        Assert.Equal(["v3", "2", Percent(0.5), Percent(0.975), Percent(1), Percent(0.99)], rows[0]);
        Assert.Equal(["v2", "1", Percent(1), Percent(1), Percent(1), Percent(1)], rows[1]);
        Assert.Equal(("—", "—"), (rows[2][2], rows[2][5]));
    }

    private static string Percent(double rate) => rate.ToString("P1").Replace('\u00a0', ' ');
}
