using PatcherPortal.Engine.Tokenization;
using TorchSharp;

namespace PatcherPortal.Engine.Checkpoints;

/// <summary>Writes a Hugging Face model directory: model.safetensors, config.json and the tokenizer's files.</summary>
public static class ModelDirectory
{
    /// <param name="tiedKey">An output weight tied to the word embeddings: written once, under the embedding's name,
    /// as Hugging Face does.</param>
    /// <param name="layout">Dtype and shard size of the weights; one float32 model.safetensors by default.</param>
    public static void Save<TConfig>(string directory, torch.nn.Module model, TConfig config, ITextTokenizer tokenizer, string? tiedKey = null,
        WeightLayout? layout = null)
    {
        Directory.CreateDirectory(directory);
        var state = model.state_dict();
        if (tiedKey is not null) state.Remove(tiedKey);
        ShardedWeights.Write(directory, state, layout ?? WeightLayout.Default);
        ModelConfigFile.Write(directory, config);
        tokenizer.Save(directory);
    }
}
