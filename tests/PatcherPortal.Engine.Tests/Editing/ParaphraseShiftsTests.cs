using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Editing;

public sealed class ParaphraseShiftsTests
{
    [Fact]
    public void A_shift_is_how_far_a_paraphrase_moves_each_answer_row_from_its_original_question()
    {
        using var scope = NewDisposeScope();
        var model = TinyEditables.Generator();
        var fact = TinyEditables.Known[0];
        var example = new EditExample("e", fact.Question, fact.Answer, fact.Rephrases.Take(2).ToList(), []);

        var shifts = ParaphraseShifts.Compute(model, [example, example with { Paraphrases = [] }], maxExamples: 10, seed: 0); // (S, 2, d)

        using var original = model.Locate([example.Input], example.Target);
        using var rephrased = model.Locate([example.Paraphrases[1]], example.Target);
        var rows = original.Count;
        Assert.Equal(2 * rows, shifts.shape[0]);
        Assert.True(shifts[TensorIndex.Slice(rows, 2 * rows), 0].allclose(original.Query, atol: 1e-5));
        Assert.True(shifts[TensorIndex.Slice(rows, 2 * rows), 1].allclose(rephrased.Query - original.Query, atol: 1e-5));
    }

    [Fact]
    public void A_key_starts_as_steep_as_keeps_nine_in_ten_nearby_paraphrase_moves_firing()
    {
        using var scope = NewDisposeScope();
        var mean = zeros(1, 4);
        var origin = tensor(new float[] { 2, 0, 0, 0 });
        // Reaches: ten shifts moving 1 % .. 10 % of the way to the mean, one moving away from it, one moving sideways.
        var moves = Enumerable.Range(1, 10).Select(i => -0.01f * i * origin)
            .Append(0.05f * origin).Append(tensor(new float[] { 0, 1, 0, 0 })).ToList();
        var shifts = stack(moves.Select(m => stack([origin, m])).ToList());                          // (12, 2, 4)
        var nearest = tensor(new long[,]
        {
            { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 },   // close paraphrases: 90 % move at most 9 % of the way
            { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9 },    // one far move in eleven sits above the 90th percentile
            { 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10 }, // none moves towards the mean: the steepest allowed start
        });

        var margins = ParaphraseShifts.KeyMargins(shifts, mean, nearest, quantile: 0.9).data<float>().ToArray();

        Assert.Equal(1 / 0.09, margins[0], 2);
        Assert.Equal(1 / 0.01, margins[1], 2);
        Assert.Equal(PatcherOptions.MaxKeyMargin, margins[2], 2);
    }
}
