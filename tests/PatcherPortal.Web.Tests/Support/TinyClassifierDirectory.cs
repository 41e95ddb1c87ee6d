using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Models.Bert;
using PatcherPortal.Engine.Tokenization;
using PatcherPortal.Engine.Training;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Tests.Support;

/// <summary>A team's own classifier as a Hugging Face directory: a small BERT with two labels of its own, trained in a
/// second on <see cref="Known"/> (the first label for cold things, the second for warm ones). <see cref="Unseen"/> are
/// sentences it never saw, from the same words.</summary>
public static class TinyClassifierDirectory
{
    public static readonly (string Sentence, int Label)[] Known =
    [
        ("the soup is icy", 0), ("snow fell all night", 0), ("the lake froze over", 0), ("a chill wind blows", 0),
        ("the tea is hot", 1), ("the sun burns the sand", 1), ("the oven glows", 1), ("the desert shimmers at noon", 1),
    ];

    public static readonly string[] Unseen = ["the tea froze over", "the soup glows", "snow burns the sand", "a hot wind blows"];

    public static IEnumerable<string> Sentences => Known.Select(k => k.Sentence).Concat(Unseen);

    public static string Write(string directory, IReadOnlyList<string> labels, int intermediateSize = 64, int seed = 0, bool train = true)
    {
        var words = Sentences.SelectMany(s => s.Split(' ')).Distinct().Order();
        var tokenizer = BertWordPieceTokenizer.FromVocabulary(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", .. words]);
        manual_seed(seed);
        using var classifier = new SequenceClassifier(new BertForSequenceClassification(new BertConfig
        {
            VocabSize = tokenizer.VocabularySize, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 2,
            IntermediateSize = intermediateSize, MaxPositionEmbeddings = 32,
        }.WithLabels(labels)), tokenizer);
        if (train)
            ModelTrainer.Train(BaseModelBuilder.Editable(classifier), Known.Select(k => new LabelledInput(k.Sentence, labels[k.Label])).ToList(),
                new TrainingOptions { Epochs = 40, BatchSize = 8, LearningRate = 3e-3, WeightDecay = 0, Seed = seed });
        classifier.Save(directory);
        return directory;
    }

    public static string NewDirectory() => Path.Combine(Path.GetTempPath(), "patcher-portal-tests", "team-models", Guid.NewGuid().ToString("N")[..12]);
}
