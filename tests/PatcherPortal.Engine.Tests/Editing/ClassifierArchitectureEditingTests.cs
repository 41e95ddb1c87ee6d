using PatcherPortal.Engine.Consolidation;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Editing.Baselines;
using PatcherPortal.Engine.Tests.Models.Classifiers;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Editing;

/// <summary>Transformer-Patcher on RoBERTa and DistilBERT fact checkers: patch neurons beside the last FFN, read at &lt;s&gt; / [CLS].</summary>
public sealed class ClassifierArchitectureEditingTests
{
    [Theory]
    [MemberData(nameof(TinyClassifiers.Names), MemberType = typeof(TinyClassifiers))]
    public void Edits_fix_wrong_labels_leave_known_claims_alone_and_removing_the_patches_restores_the_logits_exactly(string architecture)
    {
        using var scope = NewDisposeScope();
        var known = TinyEditables.Claims(TinyEditables.Known);
        using var classifier = TinyClassifiers.FactChecker(architecture, known);
        var model = new EditableClassifier(classifier);
        var editor = new TransformerPatcher(model, model.MemoryQueries(known.Skip(30).ToList(), 40_000, seed: 0));
        var retained = known.Take(30).ToList();
        using var logitsBefore = model.RowLogits(retained).Logits.detach();
        var before = model.Predict(retained.Select(r => r.Input).ToList());

        var wrong = TinyEditables.Claims(TinyEditables.Unknown).Where(c => !model.Matches(model.Predict([c.Input])[0], c.Target)).Take(6).ToList();
        Assert.NotEmpty(wrong);
        var outcomes = wrong.Select(c => (Outcome: editor.Edit(new EditRequest(c.Input, c.Target)), Now: model.Predict([c.Input])[0], c.Target)).ToList();
        try
        {
            Assert.True(outcomes.Count(o => o.Outcome.Status == EditStatus.Fixed) >= Math.Min(2, wrong.Count), string.Join("\n", outcomes.Select(o => o.Outcome.Message)));
            Assert.All(outcomes.Where(o => o.Outcome.Status == EditStatus.Fixed), o => Assert.Equal(o.Target, o.Now));
            var after = model.Predict(retained.Select(r => r.Input).ToList());
            Assert.True(before.Zip(after).Count(p => p.First != p.Second) <= retained.Count / 10, "more than 10 % of known claims changed");
        }
        finally
        {
            foreach (var patch in outcomes.SelectMany(o => o.Outcome.Patches).ToList()) editor.Patches.Remove(patch.Id);
        }
        using var logitsAfter = model.RowLogits(retained).Logits.detach();
        Assert.True(logitsAfter.equal(logitsBefore).all().item<bool>());
    }

    [Theory]
    [InlineData("roberta", "roberta.encoder.layer.1.intermediate.dense", "roberta.encoder.layer.1.output.dense", "roberta.embeddings.", "roberta.encoder.layer.0.")]
    [InlineData("distilbert", "distilbert.transformer.layer.1.ffn.lin1", "distilbert.transformer.layer.1.ffn.lin2", "distilbert.embeddings.", "distilbert.transformer.layer.0.")]
    public void The_baselines_and_consolidation_find_the_last_feed_forward_layer_and_the_layers_below_it_by_name(string architecture,
        string key, string value, string embeddings, string firstLayer)
    {
        using var classifier = TinyClassifiers.Random(architecture, ["the soup is icy", "the tea is hot"], ["COLD", "WARM"]);
        var model = new EditableClassifier(classifier);
        Assert.Equal([$"{key}.bias", $"{key}.weight", $"{value}.bias", $"{value}.weight"], LastFeedForwardParameters.Find(model).Select(p => p.Name).Order());
        Assert.Equal([embeddings, firstLayer], TrainedLayers.FrozenPrefixes(model, blocks: 1));
    }
}
