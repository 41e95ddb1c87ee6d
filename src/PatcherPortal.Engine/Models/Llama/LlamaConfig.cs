using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PatcherPortal.Engine.Models.Llama;

/// <summary>The fields of a Hugging Face Llama-family config.json (llama, mistral, qwen2, qwen3) the forward pass needs.</summary>
public sealed record LlamaConfig
{
    public static readonly string[] ModelTypes = ["llama", "mistral", "qwen2", "qwen3"];

    [JsonPropertyName("model_type")] public string ModelType { get; init; } = "llama";
    [JsonPropertyName("architectures")] public string[] Architectures { get; init; } = ["LlamaForCausalLM"];
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; } = 32000;
    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; } = 4096;
    [JsonPropertyName("intermediate_size")] public int IntermediateSize { get; init; } = 11008;
    [JsonPropertyName("num_hidden_layers")] public int NumHiddenLayers { get; init; } = 32;
    [JsonPropertyName("num_attention_heads")] public int NumAttentionHeads { get; init; } = 32;
    [JsonPropertyName("num_key_value_heads"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? NumKeyValueHeads { get; init; }
    [JsonPropertyName("head_dim"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? HeadDimension { get; init; }
    [JsonPropertyName("hidden_act")] public string HiddenAct { get; init; } = "silu";
    [JsonPropertyName("max_position_embeddings")] public int MaxPositionEmbeddings { get; init; } = 2048;
    [JsonPropertyName("rms_norm_eps")] public double RmsNormEps { get; init; } = 1e-6;
    [JsonPropertyName("rope_theta")] public double RopeTheta { get; init; } = 10000;
    [JsonPropertyName("rope_scaling"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public RopeScaling? RopeScaling { get; init; }
    [JsonPropertyName("attention_bias")] public bool AttentionBias { get; init; }
    [JsonPropertyName("mlp_bias")] public bool MlpBias { get; init; }
    [JsonPropertyName("tie_word_embeddings")] public bool TieWordEmbeddings { get; init; }
    [JsonPropertyName("torch_dtype"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TorchDtype { get; init; }
    [JsonPropertyName("bos_token_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? BosTokenId { get; init; }
    /// <summary>One id or a list of ids (Llama 3.1 and later).</summary>
    [JsonPropertyName("eos_token_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonNode? EosTokenId { get; init; }
    [JsonPropertyName("pad_token_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? PadTokenId { get; init; }

    [JsonIgnore] public int KeyValueHeads => NumKeyValueHeads ?? NumAttentionHeads;
    [JsonIgnore] public int HeadDim => HeadDimension ?? HiddenSize / NumAttentionHeads;
    /// <summary>Qwen2 always biases the query, key and value projections; the others follow attention_bias (all four).</summary>
    [JsonIgnore] public bool QueryKeyValueBias => ModelType == "qwen2" || AttentionBias;
    [JsonIgnore] public bool OutputBias => ModelType != "qwen2" && AttentionBias;
    /// <summary>Qwen3 normalises each head's queries and keys (RMSNorm over head_dim) before the rotation.</summary>
    [JsonIgnore] public bool QueryKeyNorm => ModelType == "qwen3";
    [JsonIgnore] public string Architecture => ModelType switch
    {
        "qwen2" => "Qwen2ForCausalLM", "qwen3" => "Qwen3ForCausalLM", "mistral" => "MistralForCausalLM", _ => "LlamaForCausalLM",
    };
}

/// <summary>rope_scaling: "llama3" (Llama 3.1 / 3.2) or "linear" position interpolation; older files say "type".</summary>
public sealed record RopeScaling
{
    [JsonPropertyName("rope_type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? RopeType { get; init; }
    [JsonPropertyName("type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Type { get; init; }
    [JsonPropertyName("factor")] public double Factor { get; init; } = 1;
    [JsonPropertyName("low_freq_factor")] public double LowFreqFactor { get; init; } = 1;
    [JsonPropertyName("high_freq_factor")] public double HighFreqFactor { get; init; } = 4;
    [JsonPropertyName("original_max_position_embeddings")] public int OriginalMaxPositionEmbeddings { get; init; } = 8192;

    [JsonIgnore] public string Kind => RopeType ?? Type ?? "default";
}
