using PatcherPortal.Engine.Models.Llama;
using PatcherPortal.Engine.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Checkpoints;

/// <summary>Loads and saves Llama-family directories (llama, mistral, qwen2, qwen3), sharded or not, in any float dtype.</summary>
public static class LlamaCheckpoint
{
    public static LlamaConfig ReadConfig(string directory)
    {
        var (_, json) = ModelConfigFile.Read(directory);
        var config = ModelConfigFile.Deserialize<LlamaConfig>(directory, json);
        if (config.NumAttentionHeads % config.KeyValueHeads != 0)
            throw new CheckpointException($"{Path.Combine(directory, ModelConfigFile.FileName)}: num_attention_heads {config.NumAttentionHeads} " +
                $"is not a multiple of num_key_value_heads {config.KeyValueHeads}.");
        return config;
    }

    /// <summary>Float32 on the CPU; on a GPU the checkpoint's half precision (torch_dtype) is kept.</summary>
    public static LlamaForCausalLM Load(string directory, Device device)
    {
        var config = ReadConfig(directory);
        var model = new LlamaForCausalLM(config);
        using (var checkpoint = CheckpointTensors.Open(directory))
            StateDictLoader.Load(model, checkpoint,
                optional: k => k == "lm_head.weight" && config.TieWordEmbeddings,
                ignored: k => k.EndsWith(".rotary_emb.inv_freq"));
        model.eval();
        model.LastFeedForward.Patches.MoveTo(device);
        return device.type == DeviceType.CUDA && HalfPrecision(config.TorchDtype) is { } half ? model.to(device).to(half) : model.to(device);
    }

    private static ScalarType? HalfPrecision(string? torchDtype) => torchDtype switch
    {
        "bfloat16" => ScalarType.BFloat16,
        "float16" => ScalarType.Float16,
        _ => null,
    };

    public static void Save(string directory, LlamaForCausalLM model, ITextTokenizer tokenizer, WeightLayout? layout = null)
    {
        var dtype = (layout ?? WeightLayout.Default).Dtype;
        var config = model.Config with { TorchDtype = dtype == ScalarType.BFloat16 ? "bfloat16" : dtype == ScalarType.Float16 ? "float16" : "float32" };
        ModelDirectory.Save(directory, model, config, tokenizer, config.TieWordEmbeddings ? "lm_head.weight" : null, layout);
    }
}
