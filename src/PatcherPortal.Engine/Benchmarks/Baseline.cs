using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Engine.Benchmarks;

/// <summary>What the initial model f0 gets right on the train subset D_tr and the test set: the denominators of TrainR and TestR.</summary>
public sealed record Baseline(IReadOnlyList<EditExample> TrainSubset, IReadOnlyList<EditExample> Test, bool[] TrainCorrect, bool[] TestCorrect,
    double TrainTokenAccuracy, double TestTokenAccuracy)
{
    /// <summary>The edit examples' neighbours and f0's answers on them; null measures no neighbourhood.</summary>
    public Neighbourhood? Neighbours { get; init; }

    public static Baseline Measure(IEditableModel f0, IReadOnlyList<EditExample> trainSubset, IReadOnlyList<EditExample> test) =>
        new(trainSubset, test, Correct(f0.Predict, f0, trainSubset), Correct(f0.Predict, f0, test),
            f0.TeacherForcedAccuracy(Pairs(trainSubset)), f0.TeacherForcedAccuracy(Pairs(test)));

    public static bool[] Correct(Func<IReadOnlyList<string>, IReadOnlyList<string>> predict, IEditableModel model, IReadOnlyList<EditExample> examples) =>
        Correct(model, examples, Predict(predict, examples));

    public static IReadOnlyList<string> Predict(Func<IReadOnlyList<string>, IReadOnlyList<string>> predict, IReadOnlyList<EditExample> examples) =>
        examples.Count == 0 ? [] : predict(examples.Select(e => e.Input).ToList());

    public static bool[] Correct(IEditableModel model, IReadOnlyList<EditExample> examples, IReadOnlyList<string> predictions) =>
        predictions.Zip(examples, (p, e) => model.Matches(p, e.Target)).ToArray();

    public static IReadOnlyList<LabelledInput> Pairs(IEnumerable<EditExample> examples) =>
        examples.Select(e => new LabelledInput(e.Input, e.Target)).ToList();

    /// <summary>How many are correct now over how many f0 got right (eq. 23 and 24: a ratio of counts, so newly
    /// right answers offset forgotten ones).</summary>
    public static double RetainRate(bool[] before, bool[] after)
    {
        var denominator = before.Count(b => b);
        return denominator == 0 ? double.NaN : after.Count(a => a) / (double)denominator;
    }

    /// <summary>Of the examples f0 got right, the fraction still right now (never above 1, unlike <see cref="RetainRate"/>).</summary>
    public static double KeptRate(bool[] before, bool[] after)
    {
        var denominator = before.Count(b => b);
        return denominator == 0 ? double.NaN : before.Zip(after).Count(p => p.First && p.Second) / (double)denominator;
    }
}
