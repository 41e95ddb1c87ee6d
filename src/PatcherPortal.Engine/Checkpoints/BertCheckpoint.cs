using PatcherPortal.Engine.Models.Bert;
using PatcherPortal.Engine.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Checkpoints;

/// <summary>Loads and saves BERT model directories (bare encoder or sequence classifier).</summary>
public static class BertCheckpoint
{
    private static bool IsBuffer(string key) => key.EndsWith("embeddings.position_ids");

    public static BertConfig ReadConfig(string directory)
    {
        var (_, json) = ModelConfigFile.Read(directory);
        return ModelConfigFile.Deserialize<BertConfig>(directory, json);
    }

    public static bool IsClassifier(BertConfig config) =>
        config.Architectures.Contains(config.PositionsAfterPadding ? Models.Roberta.RobertaForSequenceClassification.Architecture : BertForSequenceClassification.Architecture)
        && config.NumLabels >= 2;

    public static BertModel LoadEncoder(string directory, Device device)
    {
        var config = ReadConfig(directory);
        var model = new BertModel(config);
        LoadWeights(directory, model, key => key.StartsWith("bert.") ? key[5..] : key,
            optional: k => k.StartsWith("pooler."),
            ignored: k => IsBuffer(k) || k.StartsWith("cls.") || k.StartsWith("classifier."));
        model.eval();
        return model.to(device);
    }

    public static BertForSequenceClassification LoadClassifier(string directory, Device device)
    {
        var config = ReadConfig(directory);
        if (!IsClassifier(config))
            throw new CheckpointException($"{Path.Combine(directory, ModelConfigFile.FileName)} is not a sequence classifier (needs architectures [\"BertForSequenceClassification\"] and id2label).");
        var model = new BertForSequenceClassification(config);
        LoadWeights(directory, model, key => key.StartsWith("bert.") || key.StartsWith("classifier.") ? key : "bert." + key,
            optional: k => k.StartsWith("bert.pooler."), ignored: IsBuffer);
        model.LastFeedForward.Patches.MoveTo(device);
        model.eval();
        return model.to(device);
    }

    public static bool IsLanguageModel(BertConfig config) => config.Architectures.Contains("BertLMHeadModel");

    public static BertLMHeadModel LoadLanguageModel(string directory, Device device)
    {
        var config = ReadConfig(directory);
        if (!IsLanguageModel(config) || !config.IsDecoder)
            throw new CheckpointException($"{Path.Combine(directory, ModelConfigFile.FileName)} is not a BERT decoder (needs architectures [\"BertLMHeadModel\"] and is_decoder: true).");
        var model = new BertLMHeadModel(config);
        LoadWeights(directory, model, key => key.StartsWith("bert.") || key.StartsWith("cls.") ? key : "bert." + key,
            optional: k => config.TieWordEmbeddings && k == "cls.predictions.decoder.weight",
            ignored: k => IsBuffer(k) || k == "cls.predictions.decoder.bias" || k.StartsWith("bert.pooler."));
        model.LastFeedForward.Patches.MoveTo(device);
        model.eval();
        return model.to(device);
    }

    public static void SaveLanguageModel(string directory, BertLMHeadModel model, BertWordPieceTokenizer tokenizer) =>
        ModelDirectory.Save(directory, model, model.Config, tokenizer, model.Config.TieWordEmbeddings ? "cls.predictions.decoder.weight" : null);

    private static void LoadWeights(string directory, nn.Module model, Func<string, string> rename,
        Func<string, bool> optional, Func<string, bool> ignored)
    {
        using var checkpoint = CheckpointTensors.Open(directory);
        StateDictLoader.Load(model, checkpoint, rename, optional, ignored);
    }

    public static void Save(string directory, nn.Module model, BertConfig config, BertWordPieceTokenizer tokenizer) =>
        ModelDirectory.Save(directory, model, config, tokenizer);
}
