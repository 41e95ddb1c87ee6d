using PatcherPortal.Engine.Models.Bert;
using PatcherPortal.Engine.Models.Gpt2;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests;

/// <summary>Configurations small enough for unit tests to run in milliseconds.</summary>
public static class TinyModels
{
    public static readonly Gpt2Config Gpt2 = new()
    {
        VocabSize = 61, NPositions = 64, NEmbd = 32, NLayer = 2, NHead = 4, BosTokenId = 60, EosTokenId = 60,
    };

    public static readonly BertConfig Bert = new BertConfig
    {
        VocabSize = 40, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 64,
        MaxPositionEmbeddings = 64,
    }.WithLabels(["REFUTES", "SUPPORTS"]);

    public static readonly BertConfig BertDecoder = Bert with
    {
        Architectures = ["BertLMHeadModel"], IsDecoder = true, Id2Label = null, Label2Id = null,
    };

    public static BertLMHeadModel RandomBertDecoder(int seed = 0)
    {
        manual_seed(seed);
        var model = new BertLMHeadModel(BertDecoder);
        model.eval();
        return model;
    }

    public static Gpt2LMHeadModel RandomGpt2(int seed = 0, Gpt2Config? config = null)
    {
        manual_seed(seed);
        var model = new Gpt2LMHeadModel(config ?? Gpt2);
        model.eval();
        return model;
    }

    public static BertForSequenceClassification RandomBertClassifier(int seed = 0, BertConfig? config = null)
    {
        manual_seed(seed);
        var model = new BertForSequenceClassification(config ?? Bert);
        model.eval();
        return model;
    }

    public static Tensor RandomIds(int batch, int length, int vocab, int seed = 1)
    {
        var generator = new Random(seed);
        return tensor(Enumerable.Range(0, batch * length).Select(_ => (long)generator.Next(1, vocab)).ToArray(), [batch, length]);
    }
}
