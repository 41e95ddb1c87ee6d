using System.Text.Json.Serialization;

namespace PatcherPortal.Engine.Models.Gpt2;

/// <summary>The fields of a Hugging Face GPT-2 config.json that the forward pass needs.</summary>
public sealed record Gpt2Config
{
    [JsonPropertyName("model_type")] public string ModelType { get; init; } = "gpt2";
    [JsonPropertyName("architectures")] public string[] Architectures { get; init; } = ["GPT2LMHeadModel"];
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; } = 50257;
    [JsonPropertyName("n_positions")] public int NPositions { get; init; } = 1024;
    [JsonPropertyName("n_embd")] public int NEmbd { get; init; } = 768;
    [JsonPropertyName("n_layer")] public int NLayer { get; init; } = 12;
    [JsonPropertyName("n_head")] public int NHead { get; init; } = 12;
    [JsonPropertyName("n_inner")] public int? NInner { get; init; }
    [JsonPropertyName("activation_function")] public string ActivationFunction { get; init; } = "gelu_new";
    [JsonPropertyName("resid_pdrop")] public double ResidPdrop { get; init; } = 0.1;
    [JsonPropertyName("embd_pdrop")] public double EmbdPdrop { get; init; } = 0.1;
    [JsonPropertyName("attn_pdrop")] public double AttnPdrop { get; init; } = 0.1;
    [JsonPropertyName("layer_norm_epsilon")] public double LayerNormEpsilon { get; init; } = 1e-5;
    [JsonPropertyName("bos_token_id")] public int BosTokenId { get; init; } = 50256;
    [JsonPropertyName("eos_token_id")] public int EosTokenId { get; init; } = 50256;
    [JsonPropertyName("tie_word_embeddings")] public bool TieWordEmbeddings { get; init; } = true;

    [JsonIgnore] public int Inner => NInner ?? 4 * NEmbd;
}
