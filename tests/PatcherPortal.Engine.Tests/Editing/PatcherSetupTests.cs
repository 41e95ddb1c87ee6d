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

        Assert.Equal(paraphrased.Sum(e => e.Paraphrases.Count), (int)editor.Shifts!.shape[0]);
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
            // Nothing was there to stay silent on: no made-up figure (0, -infinity, NaN), and the outcome says so.
            Assert.All(outcome.PatchStatistics, s => Assert.Null(s.MaxMemoryActivation));
            Assert.All(outcome.PatchStatistics, s => Assert.True(double.IsFinite(s.EditActivation)));
            Assert.True(outcome.Bounds!.MemoryEmpty);
            Assert.Contains("no memory", outcome.Message);
        }
        finally
        {
            foreach (var patch in outcome.Patches) editor.Patches.Remove(patch.Id);
        }
    }

    [Fact]
    public void A_memory_of_the_models_own_traffic_that_holds_the_very_input_being_fixed_still_gives_a_finite_patch()
    {
        using var scope = NewDisposeScope();
        var model = FactChecker.Value;
        var wrong = TinyEditables.Claims(TinyEditables.Unknown).Where(c => !model.Matches(model.Predict([c.Input])[0], c.Target)).Take(2).ToList();
        var traffic = wrong.Select(w => new LabelledInput(w.Input, model.Predict([w.Input])[0])).ToList();

        foreach (var memory in new[] { traffic.Take(1).ToList(), traffic })
        {
            using var editor = new PatcherSetup(new PatcherOptions(), memory).Build(model);
            var outcome = editor.Edit(new EditRequest(wrong[0].Input, wrong[0].Target));
            try
            {
                Assert.Equal(EditStatus.Fixed, outcome.Status);
                Assert.Equal(wrong[0].Target, model.Predict([wrong[0].Input])[0]);
                var statistics = Assert.Single(outcome.PatchStatistics);
                Assert.True(double.IsFinite(statistics.EditActivation));
                // The other traffic input is memory the patch stays silent on; the input being fixed is not.
                Assert.Equal(memory.Count == 1, statistics.MaxMemoryActivation is null);
                if (statistics.MaxMemoryActivation is { } max)
                    Assert.True(double.IsFinite(max) && max < statistics.EditActivation, $"{max} vs {statistics.EditActivation}");
            }
            finally
            {
                foreach (var patch in outcome.Patches) editor.Patches.Remove(patch.Id);
            }
        }
    }
}
