using PatcherPortal.Engine.Models;
using PatcherPortal.Engine.Models.Bert;
using PatcherPortal.Engine.Models.DistilBert;
using PatcherPortal.Engine.Models.Roberta;
using PatcherPortal.Engine.Tokenization;
using PatcherPortal.Engine.Tokenization.HuggingFace;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Checkpoints;

/// <summary>Sequence classifier directories of every supported architecture: BERT, RoBERTa, DistilBERT.</summary>
public static class ClassifierCheckpoint
{
    public static readonly string[] ModelTypes = ["roberta", "distilbert"];

    public static (ISequenceClassifierNetwork Network, ISequenceTokenizer Tokenizer) Load(string directory, Device device)
    {
        var (type, _) = ModelConfigFile.Read(directory);
        return type switch
        {
            "roberta" => (LoadRoberta(directory, device), HuggingFaceTokenizer.Load(directory)),
            "distilbert" => (LoadDistilBert(directory, device), BertWordPieceTokenizer.Load(directory)),
            _ => (BertCheckpoint.LoadClassifier(directory, device), BertWordPieceTokenizer.Load(directory)),
        };
    }

    public static RobertaForSequenceClassification LoadRoberta(string directory, Device device)
    {
        var config = BertCheckpoint.ReadConfig(directory);
        if (!BertCheckpoint.IsClassifier(config)) throw NotAClassifier(directory, RobertaForSequenceClassification.Architecture);
        var model = new RobertaForSequenceClassification(config);
        using (var checkpoint = CheckpointTensors.Open(directory))
            StateDictLoader.Load(model, checkpoint, ignored: k => k.StartsWith("roberta.pooler.") || k.EndsWith("embeddings.position_ids") || k.EndsWith("embeddings.token_type_ids"));
        return Ready(model, device);
    }

    public static DistilBertForSequenceClassification LoadDistilBert(string directory, Device device)
    {
        var (_, json) = ModelConfigFile.Read(directory);
        var config = ModelConfigFile.Deserialize<DistilBertConfig>(directory, json);
        if (!IsClassifier(config)) throw NotAClassifier(directory, DistilBertConfig.Architecture);
        var model = new DistilBertForSequenceClassification(config);
        using (var checkpoint = CheckpointTensors.Open(directory))
            StateDictLoader.Load(model, checkpoint, ignored: k => k.EndsWith("embeddings.position_ids"));
        return Ready(model, device);
    }

    public static void Save(string directory, ISequenceClassifierNetwork network, ITextTokenizer tokenizer)
    {
        switch (network)
        {
            case BertForSequenceClassification bert: ModelDirectory.Save(directory, bert, bert.Config, tokenizer); break;
            case RobertaForSequenceClassification roberta: ModelDirectory.Save(directory, roberta, roberta.Config, tokenizer); break;
            case DistilBertForSequenceClassification distil: ModelDirectory.Save(directory, distil, distil.Config, tokenizer); break;
            default: throw new NotSupportedException($"No checkpoint layout is known for {network.GetType().Name}.");
        }
    }

    private static bool IsClassifier(DistilBertConfig config) => config.Architectures.Contains(DistilBertConfig.Architecture) && config.NumLabels >= 2;

    private static T Ready<T>(T model, Device device) where T : nn.Module, IPatchableModel
    {
        model.LastFeedForward.Patches.MoveTo(device);
        model.eval();
        return model.to(device);
    }

    private static CheckpointException NotAClassifier(string directory, string architecture) =>
        new($"{Path.Combine(directory, ModelConfigFile.FileName)} is not a sequence classifier (needs architectures [\"{architecture}\"] and id2label).");
}
