using PatcherPortal.Engine.Models.Llama;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Models.Llama;

/// <summary>One tiny configuration per Llama-family variant, each exercising what sets it apart.</summary>
public static class TinyLlamas
{
    private static readonly LlamaConfig Base = new()
    {
        VocabSize = 61, HiddenSize = 32, IntermediateSize = 48, NumHiddenLayers = 2, NumAttentionHeads = 4, NumKeyValueHeads = 2,
        MaxPositionEmbeddings = 64, RmsNormEps = 1e-5, BosTokenId = 1, EosTokenId = System.Text.Json.Nodes.JsonValue.Create(60),
    };

    public static readonly Dictionary<string, LlamaConfig> Variants = new()
    {
        // Llama 3.2: rope_scaling llama3, tied embeddings.
        ["llama"] = Base with
        {
            RopeTheta = 500000, TieWordEmbeddings = true,
            RopeScaling = new RopeScaling { RopeType = "llama3", Factor = 32, LowFreqFactor = 1, HighFreqFactor = 4, OriginalMaxPositionEmbeddings = 16 },
        },
        // Llama 2 style: its own output head, biased attention and MLP, linear interpolation of positions.
        ["llama-untied"] = Base with { NumKeyValueHeads = 4, AttentionBias = true, MlpBias = true, RopeScaling = new RopeScaling { Type = "linear", Factor = 2 } },
        ["mistral"] = Base with { ModelType = "mistral", Architectures = ["MistralForCausalLM"], NumKeyValueHeads = 1 },
        ["qwen2"] = Base with { ModelType = "qwen2", Architectures = ["Qwen2ForCausalLM"], RopeTheta = 1e6, TieWordEmbeddings = true },
        // Qwen3's head_dim is not hidden_size / heads.
        ["qwen3"] = Base with { ModelType = "qwen3", Architectures = ["Qwen3ForCausalLM"], HeadDimension = 16, RopeTheta = 1e6 },
    };

    public static IEnumerable<object[]> Names => Variants.Keys.Select(k => new object[] { k });

    public static LlamaForCausalLM Random(string variant, int seed = 0)
    {
        manual_seed(seed);
        var model = new LlamaForCausalLM(Variants[variant]);
        model.eval();
        return model;
    }
}
