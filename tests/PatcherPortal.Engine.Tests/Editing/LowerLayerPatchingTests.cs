using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Editing.PatchedLayers;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Models;
using PatcherPortal.Engine.Tokenization;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Editing;

/// <summary>The paper's figure 6 ablation: T-Patcher's patches in a feed-forward layer below the last, their effect
/// carried through the layers above.</summary>
public sealed class LowerLayerPatchingTests
{
    private static readonly Lazy<EditableClassifier> FactChecker = new(() => TinyEditables.Classifier());

    [Fact]
    public void A_patch_in_the_first_layer_fixes_a_claim_leaves_the_last_layer_alone_and_its_removal_restores_the_logits_exactly()
    {
        using var scope = NewDisposeScope();
        var model = FactChecker.Value;
        var network = (ILayeredPatchableModel)model.Network;
        var known = TinyEditables.Claims(TinyEditables.Known);
        var retained = known.Take(30).ToList();
        var editor = new PatcherSetup(new PatcherOptions { ContrastiveNegatives = 0 }, known.Skip(30).ToList()) { PatchLayer = 0 }.Build(model);
        using var logitsBefore = model.RowLogits(retained).Logits.detach();
        var before = model.Predict(retained.Select(r => r.Input).ToList());
        var edits = TinyEditables.Claims(TinyEditables.Unknown).Where(c => !model.Matches(model.Predict([c.Input])[0], c.Target)).Take(4)
            .Select(c => new EditRequest(c.Input, c.Target)).ToList();
        Assert.NotEmpty(edits);

        var outcomes = new List<EditOutcome>();
        try
        {
            foreach (var edit in edits)
            {
                outcomes.Add(editor.Edit(edit));
                if (outcomes[^1].Status == EditStatus.Fixed) Assert.Equal(edit.Target, model.Predict([edit.Input])[0]);
            }
            Assert.True(outcomes.Count(o => o.Status == EditStatus.Fixed) >= 1, string.Join("\n", outcomes.Select(o => o.Message)));
            Assert.Equal(outcomes.Sum(o => o.Patches.Count), network.FeedForwardAt(0).Patches.Count);
            Assert.Equal(0, network.LastFeedForward.Patches.Count);
            var after = model.Predict(retained.Select(r => r.Input).ToList());
            Assert.True(before.Zip(after).Count(p => p.First != p.Second) <= retained.Count / 10, "more than 10 % of retained claims changed");
        }
        finally
        {
            network.FeedForwardAt(0).Patches.Clear();
        }
        using var logitsAfter = model.RowLogits(retained).Logits.detach();
        Assert.True(logitsAfter.equal(logitsBefore).all().item<bool>());
    }

    [Fact]
    public void Patching_a_lower_layer_trains_against_that_layers_queries_at_every_position_of_the_memory()
    {
        using var scope = NewDisposeScope();
        var model = FactChecker.Value;
        var memory = TinyEditables.Claims(TinyEditables.Known).Take(10).ToList();
        using var prepared = new PatcherSetup(new PatcherOptions(), memory) { PatchLayer = 0 }.Prepare(model);
        using var lastLayer = new PatcherSetup(new PatcherOptions(), memory).Prepare(model);
        var (ids, mask) = model.Classifier.Encode(memory.Select(m => m.Input).ToList());
        Assert.Equal(mask.sum().item<long>(), prepared.MemoryQueries.shape[0]);
        Assert.Equal(memory.Count, lastLayer.MemoryQueries.shape[0]);
    }

    [Fact]
    public void A_decoders_answer_rows_seen_from_its_first_layer_give_its_own_logits_for_every_copy_of_the_rows()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        string[] words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "what", "is", "the", "capital", "of", "peru", "?", "lima", "san", "##tiago"];
        var vocabulary = words.Concat(Enumerable.Range(0, TinyModels.BertDecoder.VocabSize - words.Length).Select(i => $"w{i}"));
        var model = new EditableGenerator(new BertLanguageModel(TinyModels.RandomBertDecoder(seed: 2), BertWordPieceTokenizer.FromVocabulary(vocabulary)));
        var inputs = new[] { "what is the capital of peru ?", "the capital of peru is ?" };
        var seen = PatchedLayer.At(model, 0);

        using var rows = seen.Locate(inputs, "santiago");
        var output = seen.Network.LastFeedForward.Forward(rows.Query);
        var (own, targets) = model.RowLogits(inputs.Select(i => new LabelledInput(i, "santiago")).ToList());

        Assert.Equal(3, rows.PrimaryRows); // "san", "##tiago" and the end token
        Assert.True(targets.equal(rows.Targets).all().item<bool>());
        Assert.True(rows.Logits(seen.Network, rows.Residual, output).allclose(own, rtol: 0, atol: 1e-5));
        Assert.True(rows.Logits(seen.Network, rows.Residual.repeat(3, 1), output.repeat(3, 1)).allclose(own.repeat(3, 1), rtol: 0, atol: 1e-5));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-3)]
    public void A_layer_the_model_does_not_have_is_refused_naming_the_layers_it_has(int layer)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new PatcherSetup(new PatcherOptions(), []) { PatchLayer = layer }.Build(FactChecker.Value));
        Assert.Contains("The model has 2 layers", error.Message);
    }

    [Fact]
    public void The_last_layer_named_from_either_end_is_the_default_path()
    {
        var model = FactChecker.Value;
        using var editor = new PatcherSetup(new PatcherOptions(), []) { PatchLayer = -1 }.Build(model);
        using var same = new PatcherSetup(new PatcherOptions(), []) { PatchLayer = 1 }.Build(model);
        Assert.Same(model, editor.Model);
        Assert.Same(model, same.Model);
    }
}
