using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Editing;

/// <summary>How the one Transformer-Patcher set-up fills an editor's memory, shifts and contrastive pool.</summary>
public sealed class PatcherSetupTests
{
    private static readonly Lazy<EditableClassifier> FactChecker = new(() => TinyEditables.Classifier());

    [Fact]
    public void The_memory_holds_the_sampled_training_queries_and_every_past_edit_and_the_pool_holds_both()
    {
        using var scope = NewDisposeScope();
        var model = FactChecker.Value;
        var known = TinyEditables.Claims(TinyEditables.Known);
        var pastEdits = TinyEditables.Claims(TinyEditables.Unknown).Take(3).ToList();

        using var editor = new PatcherSetup(new PatcherOptions { MemorySize = 10 }, known).Build(model, pastEdits);

        Assert.Equal(10 + 3, editor.Memory.Count);
        Assert.Equal(known.Count + 3, editor.Contrastive!.Count);
        Assert.Null(editor.Shifts);
    }

    [Fact]
    public void Examples_with_paraphrases_give_the_editor_paraphrase_shifts()
    {
        using var scope = NewDisposeScope();
        var model = FactChecker.Value;
        var paraphrased = DefaultDataset.FactChecking(TinyEditables.Known.Take(5).ToList()).Examples;

        using var editor = new PatcherSetup(new PatcherOptions(), TinyEditables.Claims(TinyEditables.Known)) { Paraphrased = paraphrased }.Build(model);

        Assert.Equal(paraphrased.Sum(e => e.Rephrases.Count), (int)editor.Shifts!.shape[0]);
    }

    [Fact]
    public void A_model_without_data_or_past_edits_still_gets_an_editor_that_fixes_a_mistake()
    {
        using var scope = NewDisposeScope();
        var model = FactChecker.Value;
        var wrong = TinyEditables.Claims(TinyEditables.Unknown).First(c => !model.Matches(model.Predict([c.Input])[0], c.Target));

        using var editor = new PatcherSetup(new PatcherOptions(), []).Build(model);
        Assert.Equal(0, editor.Memory.Count);
        var outcome = editor.Edit(new EditRequest(wrong.Input, wrong.Target));
        try
        {
            Assert.Equal(1, editor.Memory.Count); // the edit's own query, which later edits stay silent on
            Assert.Equal(EditStatus.Fixed, outcome.Status);
            Assert.Equal(wrong.Target, model.Predict([wrong.Input])[0]);
        }
        finally
        {
            foreach (var patch in outcome.Patches) editor.Patches.Remove(patch.Id);
        }
    }
}
