using System.Text.Json.Serialization;

namespace PatcherPortal.Engine.Models.Bert;

/// <summary>The fields of a Hugging Face BERT config.json that the forward pass needs.</summary>
public sealed record BertConfig
{
    [JsonPropertyName("model_type")] public string ModelType { get; init; } = "bert";
    [JsonPropertyName("architectures")] public string[] Architectures { get; init; } = ["BertModel"];
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; } = 30522;
    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; } = 384;
    [JsonPropertyName("num_hidden_layers")] public int NumHiddenLayers { get; init; } = 6;
    [JsonPropertyName("num_attention_heads")] public int NumAttentionHeads { get; init; } = 12;
    [JsonPropertyName("intermediate_size")] public int IntermediateSize { get; init; } = 1536;
    [JsonPropertyName("hidden_act")] public string HiddenAct { get; init; } = "gelu";
    [JsonPropertyName("hidden_dropout_prob")] public double HiddenDropoutProb { get; init; } = 0.1;
    [JsonPropertyName("attention_probs_dropout_prob")] public double AttentionProbsDropoutProb { get; init; } = 0.1;
    [JsonPropertyName("max_position_embeddings")] public int MaxPositionEmbeddings { get; init; } = 512;
    [JsonPropertyName("type_vocab_size")] public int TypeVocabSize { get; init; } = 2;
    [JsonPropertyName("layer_norm_eps")] public double LayerNormEps { get; init; } = 1e-12;
    [JsonPropertyName("pad_token_id")] public int PadTokenId { get; init; }
    /// <summary>Left-to-right attention (Hugging Face BertLMHeadModel): each position sees only itself and earlier ones.</summary>
    [JsonPropertyName("is_decoder")] public bool IsDecoder { get; init; }
    [JsonPropertyName("tie_word_embeddings")] public bool TieWordEmbeddings { get; init; } = true;
    [JsonPropertyName("id2label")] public Dictionary<string, string>? Id2Label { get; init; }
    [JsonPropertyName("label2id")] public Dictionary<string, int>? Label2Id { get; init; }

    [JsonIgnore] public int NumLabels => Id2Label?.Count ?? 0;

    /// <summary>RoBERTa numbers positions from padding_idx + 1 and skips padding (its max_position_embeddings counts both).</summary>
    [JsonIgnore] public bool PositionsAfterPadding => ModelType == "roberta";

    /// <summary>Tokens the model reads, special tokens included.</summary>
    [JsonIgnore] public int MaxTokens => PositionsAfterPadding ? MaxPositionEmbeddings - PadTokenId - 1 : MaxPositionEmbeddings;

    public string[] Labels() => ClassifierLabels.Names(Id2Label);

    public BertConfig WithLabels(IReadOnlyList<string> labels) => this with
    {
        Architectures = [PositionsAfterPadding ? "RobertaForSequenceClassification" : "BertForSequenceClassification"],
        Id2Label = ClassifierLabels.Id2Label(labels),
        Label2Id = ClassifierLabels.Label2Id(labels),
    };
}
