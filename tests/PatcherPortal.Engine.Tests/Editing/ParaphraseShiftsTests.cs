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

        var shifts = ParaphraseShifts.Compute(model, [example, example with { Rephrases = [] }], maxExamples: 10, seed: 0); // (S, 2, d)

        using var original = model.Locate([example.Input], example.Answer);
        using var rephrased = model.Locate([example.Rephrases[1]], example.Answer);
        var rows = original.Count;
        Assert.Equal(2 * rows, shifts.shape[0]);
        Assert.True(shifts[TensorIndex.Slice(rows, 2 * rows), 0].allclose(original.Query, atol: 1e-5));
        Assert.True(shifts[TensorIndex.Slice(rows, 2 * rows), 1].allclose(rephrased.Query - original.Query, atol: 1e-5));
    }
}
