using System.Text.Json.Nodes;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Models.Bert;
using PatcherPortal.Engine.Models.DistilBert;
using PatcherPortal.Engine.Models.Roberta;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Models.Classifiers;

public sealed class ClassifierArchitectureTests
{
    private static readonly string[] Claims = ["the soup is icy", "snow fell all night on the lake", "the tea is hot"];

    [Fact]
    public void Roberta_numbers_positions_from_after_the_padding_index_and_leaves_padding_at_it()
    {
        using var ids = tensor(new long[] { 0, 7, 8, 2, 1, 1, 1, 1, 0, 9, 2, 1 }, [2, 6]);
        Assert.Equal([2, 3, 4, 5, 1, 1, 1, 1, 2, 3, 4, 1], RobertaPositions.Of(ids, paddingIdx: 1).data<long>().ToArray());
    }

    [Theory]
    [MemberData(nameof(TinyClassifiers.Names), MemberType = typeof(TinyClassifiers))]
    public void A_padded_input_classifies_as_it_does_alone(string architecture)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var classifier = TinyClassifiers.Random(architecture, Claims, ["COLD", "WARM"]);
        var alone = classifier.Logits([Claims[0]]);
        var batch = classifier.Logits([Claims[0], Claims[1]]);   // the first is padded to the second's length
        Assert.True(batch[0].allclose(alone[0], rtol: 0, atol: 1e-5), $"{batch[0].str()} vs {alone[0].str()}");
    }

    [Fact]
    public void Roberta_reads_a_left_padded_input_at_its_own_positions()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = (RobertaForSequenceClassification)TinyClassifiers.Random("roberta", Claims, ["COLD", "WARM"]).Model;
        long[] alone = [0, 40, 41, 42, 2];
        var expected = model.roberta.call(tensor(alone).unsqueeze(0), ones(1, 5, dtype: int64))[0];
        var padded = model.roberta.call(tensor((long[])[1, 1, 1, .. alone]).unsqueeze(0), tensor(new long[] { 0, 0, 0, 1, 1, 1, 1, 1 }).unsqueeze(0))[0, 3..];
        Assert.True(padded.allclose(expected, rtol: 0, atol: 1e-5), $"max diff {(padded - expected).abs().max().item<float>()}");
    }

    [Theory]
    [MemberData(nameof(TinyClassifiers.Names), MemberType = typeof(TinyClassifiers))]
    public void Splitting_at_the_last_feed_forward_layer_reproduces_the_logits(string architecture)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var classifier = TinyClassifiers.Random(architecture, Claims, ["COLD", "WARM"], seed: 3);
        var (ids, mask) = classifier.Encode(Claims);
        var (residual, query) = classifier.Model.ForwardToLastFeedForward(ids, mask);
        var first = query.select(1, 0);
        var split = classifier.Model.ForwardFromLastFeedForward(residual.select(1, 0), classifier.Model.LastFeedForward.Forward(first));
        Assert.True(split.allclose(classifier.Model.Module.call(ids, mask), rtol: 0, atol: 1e-6));
    }

    /// <summary>DistilBERT's layer is BERT's under other names: with BERT's weights copied in (token types zero), the two
    /// compute the same hidden states. BERT's forward pass is checked against ONNX Runtime elsewhere.</summary>
    [Fact]
    public void DistilBert_computes_what_bert_computes_with_the_same_weights()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var config = new DistilBertConfig { VocabSize = 40, Dim = 32, NLayers = 2, NHeads = 4, HiddenDim = 64, MaxPositionEmbeddings = 16 };
        manual_seed(5);
        var distil = new DistilBertModel(config);
        var bert = new BertModel(new BertConfig
        {
            VocabSize = 40, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 64, MaxPositionEmbeddings = 16,
        }, addPoolingLayer: false);
        distil.eval();
        bert.eval();
        var weights = bert.state_dict();
        foreach (var (name, tensor) in distil.state_dict()) weights[BertName(name)].copy_(tensor);
        weights["embeddings.token_type_embeddings.weight"].zero_();
        var ids = TinyModels.RandomIds(2, 9, 40);
        var mask = tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0 }, [2, 9]);
        var expected = bert.call(ids, mask);
        var actual = distil.call(ids, mask);
        Assert.True(actual.allclose(expected, rtol: 0, atol: 1e-5), $"max diff {(actual - expected).abs().max().item<float>()}");
    }

    private static string BertName(string distil) => distil
        .Replace("transformer.layer.", "encoder.layer.")
        .Replace("attention.q_lin", "attention.self.query").Replace("attention.k_lin", "attention.self.key")
        .Replace("attention.v_lin", "attention.self.value").Replace("attention.out_lin", "attention.output.dense")
        .Replace("sa_layer_norm", "attention.output.LayerNorm").Replace("ffn.lin1", "intermediate.dense")
        .Replace("ffn.lin2", "output.dense").Replace("output_layer_norm", "output.LayerNorm");

    [Theory]
    [InlineData("roberta-base")]
    [InlineData("distilbert-base-uncased")]
    public void Tensor_names_and_shapes_equal_the_published_checkpoints_as_two_label_classifiers(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Models", "Classifiers", "RealCheckpoints");
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, $"{name}.config.json")))!;
        var published = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, $"{name}.keys.json")))!.AsObject()
            .ToDictionary(p => p.Key, p => string.Join(",", p.Value!.AsArray().Select(d => d!.GetValue<long>())));
        var previous = get_default_device();
        set_default_device(META);
        try
        {
            using nn.Module model = json["model_type"]!.GetValue<string>() == "roberta"
                ? new RobertaForSequenceClassification(ModelConfigFile.Deserialize<BertConfig>(folder, json).WithLabels(["NO", "YES"]))
                : new DistilBertForSequenceClassification(ModelConfigFile.Deserialize<DistilBertConfig>(folder, json).WithLabels(["NO", "YES"]));
            var ours = model.state_dict().ToDictionary(kv => kv.Key, kv => string.Join(",", kv.Value.shape));
            Assert.Equal(published.OrderBy(p => p.Key), ours.OrderBy(p => p.Key));
        }
        finally
        {
            set_default_device(previous);
        }
    }
}
