using System.Text.Json.Nodes;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Tests.Models.Classifiers;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Checkpoints;

/// <summary>RoBERTa and DistilBERT classifiers saved as Hugging Face directories and read back by model_type.</summary>
public sealed class ClassifierCheckpointTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("classifier-checkpoint-").FullName;
    private static readonly string[] Claims = ["the soup is icy", "snow fell all night on the lake", "the tea is hot", "the oven glows"];

    [Theory]
    [MemberData(nameof(TinyClassifiers.Names), MemberType = typeof(TinyClassifiers))]
    public void A_saved_classifier_loads_back_by_its_model_type_with_identical_logits_and_labels(string architecture)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var original = TinyClassifiers.Random(architecture, Claims, ["COLD", "WARM"], seed: 7);
        original.Save(directory);

        using var loaded = PretrainedModels.Load(directory, CPU);

        var reloaded = Assert.IsType<SequenceClassifier>(loaded);
        Assert.Equal(architecture, reloaded.ModelType);
        Assert.Equal(["COLD", "WARM"], reloaded.Labels);
        Assert.Equal(Claims.Select(c => original.SequenceTokenizer.EncodeForModel(c, 64)), Claims.Select(c => reloaded.SequenceTokenizer.EncodeForModel(c, 64)));
        Assert.True(original.Logits(Claims).equal(reloaded.Logits(Claims)).all().item<bool>());
    }

    [Fact]
    public void Roberta_frames_an_input_with_its_begin_and_end_tokens_and_cuts_the_input_not_them()
    {
        using var classifier = TinyClassifiers.Random("roberta", Claims, ["COLD", "WARM"]);
        var tokenizer = classifier.SequenceTokenizer;
        var ids = tokenizer.EncodeForModel("the soup is icy", 64);
        Assert.Equal([0, .. tokenizer.Encode("the soup is icy"), 2], ids);
        var cut = tokenizer.EncodeForModel("snow fell all night on the lake", 4);
        Assert.Equal([0, .. tokenizer.Encode("snow fell all night on the lake").Take(2), 2], cut);
        Assert.Equal(1, classifier.Model.PadTokenId);
    }

    [Theory]
    [InlineData("roberta", "RobertaForMaskedLM", "RobertaForSequenceClassification")]
    [InlineData("distilbert", "DistilBertForMaskedLM", "DistilBertForSequenceClassification")]
    public void A_checkpoint_that_is_not_a_sequence_classifier_is_refused_naming_the_architecture_it_needs(string architecture, string saved, string needed)
    {
        using (var classifier = TinyClassifiers.Random(architecture, Claims, ["COLD", "WARM"])) classifier.Save(directory);
        var config = Path.Combine(directory, ModelConfigFile.FileName);
        var json = JsonNode.Parse(File.ReadAllText(config))!;
        json["architectures"] = new JsonArray(saved);
        File.WriteAllText(config, json.ToJsonString());

        var refusal = Assert.Throws<CheckpointException>(() => PretrainedModels.Load(directory, CPU));

        Assert.Contains(needed, refusal.Message);
        Assert.Contains("config.json", refusal.Message);
    }

    [Fact]
    public void A_misshapen_distilbert_tensor_is_refused_naming_the_tensor()
    {
        using (var classifier = TinyClassifiers.Random("distilbert", Claims, ["COLD", "WARM"])) classifier.Save(directory);
        var config = Path.Combine(directory, ModelConfigFile.FileName);
        var json = JsonNode.Parse(File.ReadAllText(config))!;
        json["hidden_dim"] = 48;
        File.WriteAllText(config, json.ToJsonString());

        var refusal = Assert.Throws<CheckpointException>(() => PretrainedModels.Load(directory, CPU));

        Assert.Contains("distilbert.transformer.layer.0.ffn.lin1.weight", refusal.Message);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
