using PatcherPortal.Web.Metrics;

namespace PatcherPortal.Web.Tests.Scale;

public class MeasuredEditsTests
{
    [Fact]
    public void Up_to_the_cap_every_live_edit_is_measured()
    {
        var edits = Enumerable.Range(0, MeasuredEdits.Cap).ToList();

        Assert.Equal(edits, MeasuredEdits.Pick(edits));
    }

    [Fact]
    public void Beyond_the_cap_the_newest_half_and_an_even_spread_of_the_older_edits_are_measured()
    {
        var edits = Enumerable.Range(0, 10_000).ToList();

        var measured = MeasuredEdits.Pick(edits, cap: 100);

        Assert.Equal(100, measured.Count);
        Assert.Equal(Enumerable.Range(9_950, 50), measured.TakeLast(50));
        Assert.Equal(0, measured[0]);
        Assert.Equal(measured.Distinct().Order(), measured);
        Assert.True(measured[25] is > 4_000 and < 6_000, "the older half is spread over all older edits");
    }
}
