using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Tokenization;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Inference;

/// <summary>Loads any supported Hugging Face model directory by its config's model_type and architectures.</summary>
public static class PretrainedModels
{
    public static IPretrainedModel Load(string directory, Device device)
    {
        var (type, _) = ModelConfigFile.Read(directory);
        if (type == "gpt2") return CausalLanguageModel.Load(directory, device);
        if (Models.Llama.LlamaConfig.ModelTypes.Contains(type)) return LlamaLanguageModel.Load(directory, device);
        if (ClassifierCheckpoint.ModelTypes.Contains(type))
        {
            var (network, sequenceTokenizer) = ClassifierCheckpoint.Load(directory, device);
            return new SequenceClassifier(network, sequenceTokenizer);
        }
        var config = BertCheckpoint.ReadConfig(directory);
        if (BertCheckpoint.IsLanguageModel(config)) return BertLanguageModel.Load(directory, device);
        var tokenizer = BertWordPieceTokenizer.Load(directory);
        return BertCheckpoint.IsClassifier(config)
            ? new SequenceClassifier(BertCheckpoint.LoadClassifier(directory, device), tokenizer)
            : new SentenceEncoder(BertCheckpoint.LoadEncoder(directory, device), tokenizer);
    }
}
