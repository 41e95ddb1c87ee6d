using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Models.Gpt2;
using PatcherPortal.Engine.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Checkpoints;

public sealed class Gpt2CheckpointTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("gpt2-checkpoint-").FullName;

    private static CausalLanguageModel TinyLanguageModel()
    {
        var tokenizer = BpeTrainer.Train(["What is the capital of France? Paris", "What is the capital of Peru? Lima"], 300);
        manual_seed(7);
        var model = new Gpt2LMHeadModel(TinyModels.Gpt2 with { VocabSize = tokenizer.VocabularySize, EosTokenId = tokenizer.EndOfTextId, BosTokenId = tokenizer.EndOfTextId });
        model.eval();
        return new CausalLanguageModel(model, tokenizer);
    }

    [Fact]
    public void A_saved_gpt2_reloads_to_identical_logits_and_generations()
    {
        using var scope = NewDisposeScope();
        var original = TinyLanguageModel();
        original.Save(directory);
        var reloaded = CausalLanguageModel.Load(directory, CPU);
        var ids = TinyModels.RandomIds(2, 9, original.Bpe.VocabularySize);
        using var noGrad = no_grad();
        Assert.True(original.Model.call(ids, ones_like(ids)).equal(reloaded.Model.call(ids, ones_like(ids))).all().item<bool>());
        Assert.Equal(original.Generate(["What is the capital of Peru?"]), reloaded.Generate(["What is the capital of Peru?"]));
        foreach (var file in new[] { "config.json", "model.safetensors", "vocab.json", "merges.txt" })
            Assert.True(File.Exists(Path.Combine(directory, file)), file);
    }

    [Fact]
    public void The_tied_head_is_not_stored_twice_and_the_transformer_prefix_is_optional()
    {
        using var scope = NewDisposeScope();
        var original = TinyLanguageModel();
        original.Save(directory);
        var path = Path.Combine(directory, "model.safetensors");
        var state = WeightFile.Read(path);
        Assert.DoesNotContain("lm_head.weight", state.Keys);
        WeightFile.Write(path, state.ToDictionary(kv => kv.Key["transformer.".Length..], kv => kv.Value));
        var reloaded = CausalLanguageModel.Load(directory, CPU);
        var ids = TinyModels.RandomIds(1, 5, original.Bpe.VocabularySize);
        using var noGrad = no_grad();
        Assert.True(original.Model.call(ids, ones_like(ids)).equal(reloaded.Model.call(ids, ones_like(ids))).all().item<bool>());
    }

    [Fact]
    public void A_literal_end_of_text_marker_in_user_text_is_not_encoded_as_the_special_token()
    {
        using var scope = NewDisposeScope();
        var model = TinyLanguageModel();
        Assert.DoesNotContain(model.Bpe.EndOfTextId, model.EncodePromptUntruncated("What is the capital<|endoftext|> of Peru?"));
        Assert.Equal([model.Bpe.EndOfTextId], model.EncodeAnswer("Lima<|endoftext|>").Where(id => id == model.Bpe.EndOfTextId));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
