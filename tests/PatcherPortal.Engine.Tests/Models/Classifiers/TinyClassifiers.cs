using System.Text.Json;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Models.Bert;
using PatcherPortal.Engine.Models.DistilBert;
using PatcherPortal.Engine.Models.Roberta;
using PatcherPortal.Engine.Tokenization;
using PatcherPortal.Engine.Tokenization.HuggingFace;
using PatcherPortal.Engine.Training;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Models.Classifiers;

/// <summary>Tiny RoBERTa and DistilBERT sequence classifiers with the tokenizers their architectures ship: RoBERTa's
/// byte-level BPE with &lt;s&gt; &lt;pad&gt; &lt;/s&gt; &lt;unk&gt; &lt;mask&gt; (vocab.json + merges.txt), DistilBERT's WordPiece.</summary>
public static class TinyClassifiers
{
    public static readonly string[] Architectures = ["roberta", "distilbert"];
    public static IEnumerable<object[]> Names => Architectures.Select(a => new object[] { a });

    public static SequenceClassifier Random(string architecture, IEnumerable<string> corpus, IReadOnlyList<string> labels, int hidden = 32, int seed = 0)
    {
        var texts = corpus.ToList();
        if (architecture == "roberta")
        {
            var tokenizer = RobertaTokenizer(texts);
            manual_seed(seed);
            var model = new RobertaForSequenceClassification(new BertConfig
            {
                ModelType = "roberta", VocabSize = tokenizer.VocabularySize, HiddenSize = hidden, NumHiddenLayers = 2, NumAttentionHeads = 4,
                IntermediateSize = 2 * hidden, MaxPositionEmbeddings = 66, TypeVocabSize = 1, PadTokenId = 1, LayerNormEps = 1e-5,
            }.WithLabels(labels));
            model.eval();
            return new SequenceClassifier(model, tokenizer) { MaxLength = 64 };
        }
        var wordPiece = BertWordPieceTokenizer.FromVocabulary(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", .. Words(texts)]);
        manual_seed(seed);
        var distilBert = new DistilBertForSequenceClassification(new DistilBertConfig
        {
            VocabSize = wordPiece.VocabularySize, Dim = hidden, NLayers = 2, NHeads = 4, HiddenDim = 2 * hidden, MaxPositionEmbeddings = 64,
        }.WithLabels(labels));
        distilBert.eval();
        return new SequenceClassifier(distilBert, wordPiece) { MaxLength = 64 };
    }

    /// <summary>A fact checker of the architecture trained briefly on <paramref name="train"/>.</summary>
    public static SequenceClassifier FactChecker(string architecture, IReadOnlyList<LabelledInput> train, int steps = 200, int seed = 0)
    {
        var classifier = Random(architecture, train.Select(p => p.Input), BaseModelFactory.FactLabels, hidden: 64, seed);
        ModelTrainer.Train(BaseModelBuilder.Editable(classifier), train, new TrainingOptions
        {
            Epochs = Math.Max(1, steps * 16 / train.Count), BatchSize = 16, LearningRate = 1e-3, WeightDecay = 0, Seed = seed,
        });
        return classifier;
    }

    /// <summary>A byte-level BPE of the corpus written the way roberta-base ships it: the four special tokens first,
    /// &lt;mask&gt; last, read back through the vocab.json + merges.txt loader.</summary>
    public static HuggingFaceTokenizer RobertaTokenizer(IEnumerable<string> corpus)
    {
        using var directory = new Tokenization.TempDirectory();
        BpeTrainer.Train(corpus, 320).Save(directory.Path);
        var trained = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(Path.Combine(directory.Path, "vocab.json")))!;
        var vocabulary = new Dictionary<string, int> { ["<s>"] = 0, ["<pad>"] = 1, ["</s>"] = 2, ["<unk>"] = 3 };
        foreach (var (token, id) in trained.Where(t => t.Key != Gpt2Tokenizer.EndOfText).OrderBy(t => t.Value)) vocabulary[token] = vocabulary.Count;
        vocabulary["<mask>"] = vocabulary.Count;
        File.WriteAllText(Path.Combine(directory.Path, "vocab.json"), JsonSerializer.Serialize(vocabulary));
        File.Delete(Path.Combine(directory.Path, "tokenizer_config.json"));
        return HuggingFaceTokenizer.Load(directory.Path);
    }

    private static IEnumerable<string> Words(IEnumerable<string> texts) =>
        texts.SelectMany(t => System.Text.RegularExpressions.Regex.Matches(t.ToLowerInvariant(), @"\p{L}+|\p{N}+|[^\s\p{L}\p{N}]").Select(m => m.Value)).Distinct().Order();
}
