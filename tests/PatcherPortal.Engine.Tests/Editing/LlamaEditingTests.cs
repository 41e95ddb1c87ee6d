using PatcherPortal.Engine.Consolidation;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Editing.Baselines;
using PatcherPortal.Engine.Training;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Editing;

/// <summary>Transformer-Patcher on a Llama-family decoder: patch neurons beside its SwiGLU MLP.</summary>
public sealed class LlamaEditingTests
{
    private static readonly Lazy<EditableGenerator> QuestionAnswerer =
        new(() => new EditableGenerator(TinyBaseModels.LlamaQuestionAnswerer(TinyEditables.Questions(TinyEditables.Known))));

    [Fact]
    public void Edits_fix_wrong_answers_leave_known_facts_alone_and_removing_the_patches_restores_the_logits_exactly()
    {
        using var scope = NewDisposeScope();
        var model = QuestionAnswerer.Value;
        var known = TinyEditables.Questions(TinyEditables.Known);
        var accuracy = known.Count(k => model.Matches(model.Predict([k.Input])[0], k.Target)) / (double)known.Count;
        Assert.True(accuracy >= 0.8, $"the tiny Llama knows {accuracy:P0} of its training facts");
        var editor = new TransformerPatcher(model, model.MemoryQueries(known.Skip(20).ToList(), 40_000, seed: 0));
        var retained = known.Take(20).ToList();
        using var logitsBefore = model.RowLogits(retained).Logits.detach();
        var before = model.Predict(retained.Select(r => r.Input).ToList());

        var wrong = TinyEditables.Questions(TinyEditables.Unknown).Where(q => !model.Matches(model.Predict([q.Input])[0], q.Target)).Take(6).ToList();
        Assert.NotEmpty(wrong);
        var outcomes = wrong.Select(q => (Outcome: editor.Edit(new EditRequest(q.Input, q.Target)), Now: model.Predict([q.Input])[0], q.Target)).ToList();
        try
        {
            Assert.Contains(outcomes, o => o.Outcome.Status == EditStatus.Fixed);
            Assert.All(outcomes.Where(o => o.Outcome.Status == EditStatus.Fixed), o => Assert.True(model.Matches(o.Now, o.Target), $"{o.Now} != {o.Target}"));
            Assert.All(outcomes, o => Assert.InRange(o.Outcome.Patches.Count, 0, 5));
            var after = model.Predict(retained.Select(r => r.Input).ToList());
            Assert.True(before.Zip(after).Count(p => p.First != p.Second) <= retained.Count / 10, "more than 10 % of known facts changed");
        }
        finally
        {
            foreach (var patch in outcomes.SelectMany(o => o.Outcome.Patches).ToList()) editor.Patches.Remove(patch.Id);
        }
        using var logitsAfter = model.RowLogits(retained).Logits.detach();
        Assert.True(logitsAfter.equal(logitsBefore).all().item<bool>());
    }

    [Fact]
    public void The_baselines_and_consolidation_find_the_last_mlp_and_the_layers_below_it_by_name()
    {
        var model = new EditableGenerator(TinyBaseModels.LlamaQuestionAnswerer(TinyEditables.Questions(TinyEditables.Known), steps: 0));
        Assert.Equal(["model.layers.1.mlp.down_proj.weight", "model.layers.1.mlp.gate_proj.weight", "model.layers.1.mlp.up_proj.weight"],
            LastFeedForwardParameters.Find(model).Select(p => p.Name).Order());
        Assert.Equal(["model.embed_tokens.weight", "model.layers.0."], TrainedLayers.FrozenPrefixes(model, blocks: 1));
    }
}
