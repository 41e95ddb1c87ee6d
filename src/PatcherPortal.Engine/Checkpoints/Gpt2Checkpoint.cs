using PatcherPortal.Engine.Models.Gpt2;
using PatcherPortal.Engine.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Checkpoints;

/// <summary>Loads and saves GPT-2 model directories, with or without the "transformer." key prefix.</summary>
public static class Gpt2Checkpoint
{
    public static Gpt2Config ReadConfig(string directory)
    {
        var (_, json) = ModelConfigFile.Read(directory);
        return ModelConfigFile.Deserialize<Gpt2Config>(directory, json);
    }

    public static Gpt2LMHeadModel Load(string directory, Device device)
    {
        var config = ReadConfig(directory);
        var model = new Gpt2LMHeadModel(config);
        using (var checkpoint = CheckpointTensors.Open(directory))
            StateDictLoader.Load(model, checkpoint,
                rename: k => k.StartsWith("transformer.") || k.StartsWith("lm_head.") ? k : "transformer." + k,
                optional: k => k == "lm_head.weight" && config.TieWordEmbeddings,
                ignored: k => k.EndsWith(".attn.bias") || k.EndsWith(".attn.masked_bias"));
        model.eval();
        model.LastFeedForward.Patches.MoveTo(device);
        return model.to(device);
    }

    public static void Save(string directory, Gpt2LMHeadModel model, ITextTokenizer tokenizer) =>
        ModelDirectory.Save(directory, model, model.Config, tokenizer, model.Config.TieWordEmbeddings ? "lm_head.weight" : null);
}
