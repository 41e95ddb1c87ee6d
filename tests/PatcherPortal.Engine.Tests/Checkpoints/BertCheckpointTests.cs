using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Checkpoints;

public sealed class BertCheckpointTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("bert-checkpoint-").FullName;

    private static readonly string[] Vocabulary =
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "sat", "paris", "is", "capital", "of", "france", "."];

    private SequenceClassifier SaveTinyClassifier()
    {
        var classifier = new SequenceClassifier(TinyModels.RandomBertClassifier(), BertWordPieceTokenizer.FromVocabulary(Vocabulary));
        classifier.Save(directory);
        return classifier;
    }

    [Fact]
    public void A_saved_classifier_reloads_to_identical_logits_and_labels()
    {
        using var scope = NewDisposeScope();
        var original = SaveTinyClassifier();
        var reloaded = new SequenceClassifier(BertCheckpoint.LoadClassifier(directory, CPU), BertWordPieceTokenizer.Load(directory));
        string[] claims = ["paris is the capital of france .", "the cat sat"];
        using var noGrad = no_grad();
        Assert.True(original.Logits(claims).equal(reloaded.Logits(claims)).all().item<bool>());
        Assert.Equal(["REFUTES", "SUPPORTS"], reloaded.Labels);
        Assert.True(File.Exists(Path.Combine(directory, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(directory, "vocab.txt")));
    }

    [Fact]
    public void A_missing_tensor_is_refused_naming_the_file_and_the_tensor()
    {
        SaveTinyClassifier();
        RewriteWeights(state => state.Remove("bert.encoder.layer.1.output.dense.weight"));
        var error = Assert.Throws<CheckpointException>(() => BertCheckpoint.LoadClassifier(directory, CPU));
        Assert.Contains("model.safetensors", error.Message);
        Assert.Contains("missing tensor 'bert.encoder.layer.1.output.dense.weight'", error.Message);
    }

    [Fact]
    public void A_tensor_of_the_wrong_shape_is_refused_with_both_shapes()
    {
        SaveTinyClassifier();
        RewriteWeights(state => state["classifier.bias"] = zeros(3));
        var error = Assert.Throws<CheckpointException>(() => BertCheckpoint.LoadClassifier(directory, CPU));
        Assert.Contains("'classifier.bias' has shape [3], expected [2]", error.Message);
    }

    [Fact]
    public void An_unknown_model_type_is_refused()
    {
        SaveTinyClassifier();
        var config = Path.Combine(directory, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"bert\"", "\"t5\""));
        var error = Assert.Throws<CheckpointException>(() => BertCheckpoint.LoadClassifier(directory, CPU));
        Assert.Contains("unknown model_type 't5'", error.Message);
        Assert.Contains("config.json", error.Message);
    }

    [Fact]
    public void A_truncated_weight_file_is_refused_naming_the_file()
    {
        SaveTinyClassifier();
        var weights = Path.Combine(directory, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<CheckpointException>(() => BertCheckpoint.LoadClassifier(directory, CPU));
        Assert.Contains(weights, error.Message);
    }

    private void RewriteWeights(Action<Dictionary<string, Tensor>> change)
    {
        var path = Path.Combine(directory, "model.safetensors");
        var state = WeightFile.Read(path);
        change(state);
        WeightFile.Write(path, state);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
