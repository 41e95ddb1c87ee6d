using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Models.Llama;
using PatcherPortal.Engine.Tests.Models.Llama;
using PatcherPortal.Engine.Tests.Tokenization;
using PatcherPortal.Engine.Tests.Tokenization.HuggingFace;
using PatcherPortal.Engine.Tokenization.HuggingFace;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Checkpoints;

/// <summary>A Llama-family directory as teams ship it: the tokenizer is Mistral's real tokenizer.json, with no vocab.json.</summary>
public sealed class LlamaTokenizerJsonTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [ReferenceTokenizerFact("mistral")]
    public void A_llama_directory_with_only_a_tokenizer_json_encodes_its_prompts_with_it()
    {
        using var scope = NewDisposeScope();
        var reference = ReferenceTokenizer.Get("mistral").Tokenizer;
        manual_seed(3);
        var model = new LlamaForCausalLM(TinyLlamas.Variants["mistral"] with { VocabSize = reference.VocabularySize, HiddenSize = 16, IntermediateSize = 24 });
        model.eval();
        var tokens = new GenerationTokens([reference.EosIds[0]], reference.EosIds[0], null);
        new LlamaLanguageModel(model, reference, tokens, PromptTemplate.Parse("Question: {q}\nAnswer:", "test")).Save(directory.Path);

        Assert.True(File.Exists(directory.File(HuggingFaceTokenizer.FileName)));
        Assert.False(File.Exists(directory.File("vocab.json")));
        var reloaded = (LlamaLanguageModel)PretrainedModels.Load(directory.Path, CPU);
        Assert.IsType<HuggingFaceTokenizer>(reloaded.Tokenizer);
        // Mistral's tokenizer_config.json asks for the begin token before each prompt.
        Assert.Equal([reference.BosId!.Value, .. reference.Encode("Question: Où est Zürich? 🙂\nAnswer:")], reloaded.EncodePromptUntruncated("Où est Zürich? 🙂"));
        Assert.Single(reloaded.Generate(["Où est Zürich?"]));
    }

    public void Dispose() => directory.Dispose();
}
