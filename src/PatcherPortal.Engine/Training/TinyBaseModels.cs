using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Models.Bert;
using PatcherPortal.Engine.Models.Gpt2;
using PatcherPortal.Engine.Models.Llama;
using PatcherPortal.Engine.Tokenization;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Training;

/// <summary>
/// Tiny task models trained in seconds on a few real facts: for tests and for a portal that must start instantly.
/// Their queries depend on the input and held-out facts are authentic mistakes, as with the full-size models.
/// </summary>
public static class TinyBaseModels
{
    public static IReadOnlyList<FactRecord> Facts(string relation = "capital", int count = 70) =>
        DefaultDataset.LoadFacts().Where(f => f.Relation == relation).Take(count).ToList();

    public static IReadOnlyList<LabelledInput> Questions(IEnumerable<FactRecord> facts) =>
        facts.Select(f => new LabelledInput(f.Question, f.Answer)).ToList();

    public static IReadOnlyList<LabelledInput> Claims(IEnumerable<FactRecord> facts) =>
        facts.SelectMany(f => f.Claims.Select(c => new LabelledInput(c.Text, c.Label))).ToList();

    public static CausalLanguageModel QuestionAnswerer(IReadOnlyList<LabelledInput> train, int steps = 400, int seed = 0)
    {
        var tokenizer = BpeTrainer.Train(train.SelectMany(p => new[] { p.Input, " " + p.Target }), 400);
        manual_seed(seed);
        var model = new Gpt2LMHeadModel(new Gpt2Config
        {
            VocabSize = tokenizer.VocabularySize, NPositions = 64, NEmbd = 128, NLayer = 2, NHead = 4,
            EosTokenId = tokenizer.EndOfTextId, BosTokenId = tokenizer.EndOfTextId,
        });
        var languageModel = new CausalLanguageModel(model, tokenizer) { MaxNewTokens = 8 };
        Train(BaseModelBuilder.Editable(languageModel), train, steps, 3e-3, seed);
        return languageModel;
    }

    public static LlamaLanguageModel LlamaQuestionAnswerer(IReadOnlyList<LabelledInput> train, int steps = 400, int seed = 0,
        PromptTemplate? template = null)
    {
        var tokenizer = BpeTrainer.Train(train.SelectMany(p => new[] { p.Input, " " + p.Target }), 400);
        manual_seed(seed);
        var model = new LlamaForCausalLM(BaseModelFactory.LlamaSized(new Gpt2Size(Layers: 2, Embedding: 128, Heads: 4), tokenizer));
        var languageModel = new LlamaLanguageModel(model, tokenizer, BaseModelFactory.LlamaTokens(tokenizer), template ?? PromptTemplate.Bare) { MaxNewTokens = 8 };
        Train(BaseModelBuilder.Editable(languageModel), train, steps, 3e-3, seed);
        return languageModel;
    }

    public static SequenceClassifier FactChecker(IReadOnlyList<LabelledInput> train, int steps = 300, int seed = 0)
    {
        var words = train.SelectMany(p => Words(p.Input)).Distinct().Order();
        var tokenizer = BertWordPieceTokenizer.FromVocabulary(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", .. words]);
        manual_seed(seed);
        var model = new BertForSequenceClassification(new BertConfig
        {
            VocabSize = tokenizer.VocabularySize, HiddenSize = 128, NumHiddenLayers = 2, NumAttentionHeads = 4,
            IntermediateSize = 256, MaxPositionEmbeddings = 64,
        }.WithLabels(BaseModelFactory.FactLabels));
        var classifier = new SequenceClassifier(model, tokenizer) { MaxLength = 64 };
        Train(BaseModelBuilder.Editable(classifier), train, steps, 1e-3, seed);
        return classifier;
    }

    private static void Train(Editing.IEditableModel model, IReadOnlyList<LabelledInput> pairs, int steps, double learningRate, int seed)
    {
        if (steps > 0) ModelTrainer.Train(model, pairs, new TrainingOptions
        {
            Epochs = Math.Max(1, steps * 16 / pairs.Count), BatchSize = 16, LearningRate = learningRate, WeightDecay = 0, Seed = seed,
        });
    }

    private static IEnumerable<string> Words(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text.ToLowerInvariant(), @"\p{L}+|\p{N}+|[^\s\p{L}\p{N}]").Select(m => m.Value);
}
