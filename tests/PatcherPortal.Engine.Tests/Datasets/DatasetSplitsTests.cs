using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Tests.Datasets;

public class DatasetSplitsTests
{
    private static readonly IReadOnlyList<EditExample> Examples =
        Enumerable.Range(0, 103).Select(i => new EditExample($"e{i}", $"Q{i}?", $"A{i}", [], [])).ToList();

    [Fact]
    public void Splits_are_deterministic_for_a_seed_and_disjoint()
    {
        var first = DatasetSplits.Create(Examples, seed: 7, 0.6, 0.1, 0.2, folds: 4);
        var again = DatasetSplits.Create(Examples, seed: 7, 0.6, 0.1, 0.2, folds: 4);
        var other = DatasetSplits.Create(Examples, seed: 8, 0.6, 0.1, 0.2, folds: 4);

        Assert.Equal(Ids(first.Train), Ids(again.Train));
        Assert.Equal(Ids(first.Edit), Ids(again.Edit));
        Assert.NotEqual(Ids(first.Train), Ids(other.Train));

        var all = first.Train.Concat(first.Val).Concat(first.Edit).Concat(first.Test).Select(e => e.Id).ToList();
        Assert.Equal(Examples.Count, all.Count);
        Assert.Equal(Examples.Select(e => e.Id).Order(), all.Order());
    }

    [Fact]
    public void Split_sizes_follow_the_fractions_and_the_test_set_is_the_rest()
    {
        var splits = DatasetSplits.Create(Examples, seed: 1, 0.6, 0.1, 0.2, folds: 4);

        Assert.Equal((61, 10, 20, 12), (splits.Train.Count, splits.Val.Count, splits.Edit.Count, splits.Test.Count));
    }

    [Fact]
    public void Edit_folds_are_contiguous_and_near_equal()
    {
        var splits = DatasetSplits.Create(Examples, seed: 3, 0.5, 0.0, 0.5, folds: 4);

        Assert.Equal([13, 13, 13, 12], splits.EditFolds.Select(f => f.Count));
        Assert.Equal(Ids(splits.Edit), splits.EditFolds.SelectMany(Ids));
    }

    [Fact]
    public void Splits_shuffle_with_fisher_yates_on_new_random_of_the_seed()
    {
        var expected = Examples.ToArray();
        var random = new Random(42);
        for (var i = expected.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (expected[i], expected[j]) = (expected[j], expected[i]);
        }

        var splits = DatasetSplits.Create(Examples, seed: 42, 1.0, 0, 0, folds: 1);

        Assert.Equal(Ids(expected), Ids(splits.Train));
        Assert.Empty(splits.Test);
    }

    [Theory]
    [InlineData(-0.1, 0.1, 0.1, 2)]
    [InlineData(0.5, 1.1, 0.0, 2)]
    [InlineData(0.5, 0.3, 0.3, 2)]
    [InlineData(double.NaN, 0.1, 0.1, 2)]
    [InlineData(0.5, 0.1, 0.1, 0)]
    [InlineData(0.9, 0.0, 0.02, 3)]
    public void Invalid_split_arguments_are_rejected(double train, double val, double edit, int folds)
    {
        Assert.ThrowsAny<ArgumentException>(() => DatasetSplits.Create(Examples, 0, train, val, edit, folds));
    }

    private static IEnumerable<string> Ids(IEnumerable<EditExample> examples) => examples.Select(e => e.Id);
}
