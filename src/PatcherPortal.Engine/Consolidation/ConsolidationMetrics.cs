using System.Globalization;
using PatcherPortal.Engine.Benchmarks;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Engine.Consolidation;

/// <summary>A model judged on past edits (ER), their paraphrases (GR), the train subset (TrainR) and the test set (TestR),
/// the retain rates as the paper defines them (eq. 23-24: correct now over correct for the round's base), plus its size.
/// <see cref="TrainKept"/> and <see cref="TestKept"/> are stricter and only reported: of the examples the base got
/// right, the fraction still right (new right answers do not make up for forgotten ones).</summary>
public sealed record ConsolidationMetrics(double ER, double GR, double TrainR, double TestR, int Patches, long Parameters,
    double TrainKept = double.NaN, double TestKept = double.NaN)
{
    public static ConsolidationMetrics Measure(IEditableModel model, ConsolidationRequest request, RetainBaseline baseline, int patches, long parameters)
    {
        var edits = request.Edits;
        var inputs = edits.Select(e => e.Input).ToList();
        var paraphrases = edits.SelectMany(e => e.GeneralizationInputs.Select(p => (Input: p, e.Target))).ToList();
        var (train, test) = (Correct(model, request.TrainSubset), Correct(model, request.Test));
        return new ConsolidationMetrics(
            Rate(Correct(model, inputs, edits.Select(e => e.Target).ToList())),
            Rate(Correct(model, paraphrases.Select(p => p.Input).ToList(), paraphrases.Select(p => p.Target).ToList())),
            Baseline.RetainRate(baseline.Train, train), Baseline.RetainRate(baseline.Test, test), patches, parameters,
            Baseline.KeptRate(baseline.Train, train), Baseline.KeptRate(baseline.Test, test));
    }

    public static bool[] Correct(IEditableModel model, IReadOnlyList<LabelledInput> examples) =>
        Correct(model, examples.Select(e => e.Input).ToList(), examples.Select(e => e.Target).ToList());

    private static bool[] Correct(IEditableModel model, IReadOnlyList<string> inputs, IReadOnlyList<string> targets) =>
        inputs.Count == 0 ? [] : model.Predict(inputs).Select((p, i) => model.Matches(p, targets[i])).ToArray();

    private static double Rate(bool[] correct) => correct.Length == 0 ? double.NaN : correct.Count(c => c) / (double)correct.Length;

    /// <summary>Why <paramref name="after"/> may not replace <paramref name="before"/>: one reason per metric that fell further than allowed.</summary>
    public static IReadOnlyList<string> Shortfalls(ConsolidationMetrics before, ConsolidationMetrics after, ConsolidationTolerances tolerances)
    {
        var reasons = new List<string>();
        void Check(string name, double was, double now, double tolerance)
        {
            if (double.IsNaN(was) || now >= was - tolerance - 1e-9) return;
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"{name} would fall from {was:F3} to {(double.IsNaN(now) ? 0 : now):F3} (tolerance {tolerance:F3})"));
        }
        Check("ER (past edits)", before.ER, after.ER, tolerances.EditSuccess);
        Check("GR (paraphrases)", before.GR, after.GR, tolerances.Generalization);
        Check("TrainR (train subset)", before.TrainR, after.TrainR, tolerances.TrainRetain);
        Check("TestR (test set)", before.TestR, after.TestR, tolerances.TestRetain);
        return reasons;
    }
}

/// <summary>Which train-subset and test examples the round's base model (without patches) gets right.</summary>
public sealed record RetainBaseline(bool[] Train, bool[] Test);
