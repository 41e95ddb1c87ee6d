using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Tests.Datasets;

public class SplitFractionsTests
{
    [Fact]
    public void A_split_reads_train_val_and_edit_and_leaves_the_rest_to_test()
    {
        var split = SplitFractions.Parse("0.45, 0.05,0.4");

        Assert.Equal(new SplitFractions(0.45, 0.05, 0.4), split);
        Assert.Equal(0.1, split.Test, 9);
    }

    [Theory]
    [InlineData("0.5,0.1", "three fractions")]
    [InlineData("0.5,0.1,x", "between 0 and 1")]
    [InlineData("0.5,-0.1,0.2", "between 0 and 1")]
    [InlineData("0.6,0.1,0.4", "at most 1")]
    [InlineData("0.6,0.1,0", "above 0")]
    public void A_malformed_split_is_refused_with_what_is_wrong(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => SplitFractions.Parse(text));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_larger_edit_fraction_gives_a_larger_edit_set_and_a_smaller_train_set()
    {
        var examples = Enumerable.Range(0, 1000).Select(i => new EditExample($"q{i}", $"question {i}?", $"a{i}", [], [])).ToList();
        var dataset = new EditDataset("many", EditDataset.QuestionAnswering, examples);

        var data = TaskData.FromDataset(dataset, fractions: SplitFractions.Parse("0.45,0.05,0.4"));

        Assert.Equal(450, data.Splits.Train.Count);
        Assert.Equal(50, data.Splits.Val.Count);
        Assert.Equal(400, data.Splits.Edit.Count);
        Assert.Equal(100, data.Splits.Test.Count);
        Assert.Equal(TaskData.DefaultFolds, data.Splits.EditFolds.Count);
    }
}
