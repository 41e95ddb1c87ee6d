namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// Train / validation / edit / test partitions of one dataset, with the edit set cut into sequential folds;
/// each fold is one stream of edits applied to a fresh copy of the model (Transformer-Patcher, appendix B).
/// </summary>
public sealed record Splits(
    IReadOnlyList<EditExample> Train,
    IReadOnlyList<EditExample> Val,
    IReadOnlyList<EditExample> Edit,
    IReadOnlyList<EditExample> Test,
    IReadOnlyList<IReadOnlyList<EditExample>> EditFolds);

public static class DatasetSplits
{
    /// <summary>
    /// Shuffles a copy of <paramref name="examples"/> with <c>new Random(seed)</c> (Fisher–Yates), then takes
    /// <c>floor(n × fraction)</c> examples for train, val and edit in that order; the rest is the test set.
    /// The edit set is cut into <paramref name="folds"/> contiguous folds whose sizes differ by at most one.
    /// </summary>
    public static Splits Create(IReadOnlyList<EditExample> examples, int seed, double trainFraction, double valFraction,
        double editFraction, int folds)
    {
        ArgumentNullException.ThrowIfNull(examples);
        CheckFraction(trainFraction, nameof(trainFraction));
        CheckFraction(valFraction, nameof(valFraction));
        CheckFraction(editFraction, nameof(editFraction));
        if (trainFraction + valFraction + editFraction > 1 + 1e-9)
            throw new ArgumentException(
                $"train + val + edit fractions must not exceed 1 (got {trainFraction} + {valFraction} + {editFraction}); the test set is the rest.");
        if (folds < 1)
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "At least one edit fold is needed.");

        var shuffled = examples.ToArray();
        var random = new Random(seed);
        for (var i = shuffled.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }

        var n = shuffled.Length;
        var trainCount = Count(n, trainFraction);
        var valCount = Count(n, valFraction);
        var editCount = EditCount(n, trainFraction, valFraction, editFraction);
        if (editCount > 0 && folds > editCount)
            throw new ArgumentException($"The edit set has {editCount} examples, too few for {folds} folds.", nameof(folds));

        var train = shuffled[..trainCount];
        var val = shuffled[trainCount..(trainCount + valCount)];
        var edit = shuffled[(trainCount + valCount)..(trainCount + valCount + editCount)];
        var test = shuffled[(trainCount + valCount + editCount)..];
        return new Splits(train, val, edit, test, Fold(edit, folds));
    }

    private static IReadOnlyList<IReadOnlyList<EditExample>> Fold(EditExample[] edit, int folds)
    {
        var result = new List<IReadOnlyList<EditExample>>(folds);
        var start = 0;
        for (var f = 0; f < folds; f++)
        {
            var size = edit.Length / folds + (f < edit.Length % folds ? 1 : 0);
            result.Add(edit[start..(start + size)]);
            start += size;
        }
        return result;
    }

    /// <summary>How many of <paramref name="n"/> examples <see cref="Create"/> puts in the edit set.</summary>
    public static int EditCount(int n, double trainFraction, double valFraction, double editFraction) =>
        Math.Min(Count(n, editFraction), n - Count(n, trainFraction) - Count(n, valFraction));

    // The epsilon keeps e.g. 100 × 0.29 (28.999999999999996 in binary floating point) from rounding down to 28.
    private static int Count(int n, double fraction) => (int)Math.Floor(n * fraction + 1e-9);

    private static void CheckFraction(double value, string name)
    {
        if (double.IsNaN(value) || value < 0 || value > 1)
            throw new ArgumentOutOfRangeException(name, value, "A split fraction must be between 0 and 1.");
    }
}
