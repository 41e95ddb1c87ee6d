using System.Globalization;

namespace PatcherPortal.Engine.Datasets;

/// <summary>The shares of a dataset that go to train, validation and edit; the test set is the rest.</summary>
public sealed record SplitFractions(double Train, double Val, double Edit)
{
    public static readonly SplitFractions Default = new(0.6, 0.05, 0.2);

    public double Test => Math.Max(0, 1 - Train - Val - Edit);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Train},{Val},{Edit}");

    /// <summary>Reads "train,val,edit" (e.g. "0.45,0.05,0.4"); the error says what is wrong with the text.</summary>
    public static SplitFractions Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3)
            throw new FormatException($"A split is three fractions train,val,edit (e.g. {Default}); got '{text}'.");
        var values = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : double.NaN).ToArray();
        if (values.Any(v => double.IsNaN(v) || v < 0 || v > 1))
            throw new FormatException($"Each split fraction must be a number between 0 and 1; got '{text}'.");
        if (values.Sum() > 1 + 1e-9)
            throw new FormatException($"The train, val and edit fractions must add up to at most 1 (the test set is the rest); '{text}' adds up to {values.Sum().ToString(CultureInfo.InvariantCulture)}.");
        if (values[0] <= 0 || values[2] <= 0)
            throw new FormatException($"The train and edit fractions must be above 0; got '{text}'.");
        return new SplitFractions(values[0], values[1], values[2]);
    }
}
