using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Import;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Models.Bert;
using PatcherPortal.Engine.Models.Gpt2;
using PatcherPortal.Engine.Models.Llama;
using PatcherPortal.Engine.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Training;

/// <summary>Untrained base models: the fact checker starts from pretrained MiniLM, the question answerer from scratch
/// (GPT-2) or from MiniLM run left to right.</summary>
public static class BaseModelFactory
{
    public static readonly string[] FactLabels = ["REFUTES", "SUPPORTS"];

    public static SequenceClassifier FactChecker(Device device, int seed)
    {
        using var encoder = MiniLmImporter.Import(CPU);
        manual_seed(seed);
        var classifier = new BertForSequenceClassification(MiniLmImporter.Config.WithLabels(FactLabels));
        StateDictLoader.Load(classifier.bert, encoder.Model.state_dict(), "all-MiniLM-L6-v2", optional: k => k.StartsWith("pooler."));
        classifier.eval();
        return new SequenceClassifier(classifier.to(device), encoder.WordPiece);
    }

    /// <summary>MiniLM's encoder weights in a BERT decoder whose masked-LM head (new transform, decoder tied to the
    /// pretrained word embeddings) predicts the next token.</summary>
    public static BertLanguageModel MiniLmQuestionAnswerer(Device device, int seed)
    {
        using var encoder = MiniLmImporter.Import(CPU);
        manual_seed(seed);
        var config = MiniLmImporter.Config with { Architectures = ["BertLMHeadModel"], IsDecoder = true };
        var model = new BertLMHeadModel(config);
        StateDictLoader.Load(model.bert, encoder.Model.state_dict(), "all-MiniLM-L6-v2", ignored: k => k.StartsWith("pooler."));
        model.eval();
        return new BertLanguageModel(model.to(device), encoder.WordPiece);
    }

    /// <summary>A Llama decoder of the same size as the GPT-2 one: SwiGLU of about 8/3 the width (as Llama sizes it),
    /// two query heads per key/value head, tied embeddings.</summary>
    public static LlamaLanguageModel LlamaQuestionAnswerer(IEnumerable<string> corpus, Gpt2Size size, Device device, int seed)
    {
        var tokenizer = BpeTrainer.Train(corpus, size.Vocabulary);
        manual_seed(seed);
        var model = new LlamaForCausalLM(LlamaSized(size, tokenizer));
        model.eval();
        return new LlamaLanguageModel(model.to(device), tokenizer, LlamaTokens(tokenizer), PromptTemplate.Bare);
    }

    public static LlamaConfig LlamaSized(Gpt2Size size, Gpt2Tokenizer tokenizer) => new()
    {
        VocabSize = tokenizer.VocabularySize, HiddenSize = size.Embedding, IntermediateSize = (size.Embedding * 8 / 3 + 31) / 32 * 32,
        NumHiddenLayers = size.Layers, NumAttentionHeads = size.Heads, NumKeyValueHeads = Math.Max(1, size.Heads / 2),
        MaxPositionEmbeddings = size.Positions, RmsNormEps = 1e-5, TieWordEmbeddings = true,
        BosTokenId = tokenizer.EndOfTextId, EosTokenId = System.Text.Json.Nodes.JsonValue.Create(tokenizer.EndOfTextId),
    };

    public static GenerationTokens LlamaTokens(Gpt2Tokenizer tokenizer) => new([tokenizer.EndOfTextId], tokenizer.EndOfTextId, null);

    public static CausalLanguageModel QuestionAnswerer(IEnumerable<string> corpus, Gpt2Size size, Device device, int seed,
        IProgress<double>? tokenizerProgress = null)
    {
        var tokenizer = BpeTrainer.Train(corpus, size.Vocabulary, tokenizerProgress);
        manual_seed(seed);
        var config = new Gpt2Config
        {
            VocabSize = tokenizer.VocabularySize, NPositions = size.Positions, NEmbd = size.Embedding, NLayer = size.Layers,
            NHead = size.Heads, BosTokenId = tokenizer.EndOfTextId, EosTokenId = tokenizer.EndOfTextId,
        };
        var model = new Gpt2LMHeadModel(config);
        model.eval();
        return new CausalLanguageModel(model.to(device), tokenizer);
    }
}
