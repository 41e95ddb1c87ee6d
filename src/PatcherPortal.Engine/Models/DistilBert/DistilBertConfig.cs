using System.Text.Json.Serialization;

namespace PatcherPortal.Engine.Models.DistilBert;

/// <summary>The fields of a Hugging Face DistilBERT config.json that the forward pass needs.</summary>
public sealed record DistilBertConfig
{
    public const string Architecture = "DistilBertForSequenceClassification";

    [JsonPropertyName("model_type")] public string ModelType { get; init; } = "distilbert";
    [JsonPropertyName("architectures")] public string[] Architectures { get; init; } = [Architecture];
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; } = 30522;
    [JsonPropertyName("dim")] public int Dim { get; init; } = 768;
    [JsonPropertyName("n_layers")] public int NLayers { get; init; } = 6;
    [JsonPropertyName("n_heads")] public int NHeads { get; init; } = 12;
    [JsonPropertyName("hidden_dim")] public int HiddenDim { get; init; } = 3072;
    [JsonPropertyName("activation")] public string Activation { get; init; } = "gelu";
    [JsonPropertyName("dropout")] public double Dropout { get; init; } = 0.1;
    [JsonPropertyName("attention_dropout")] public double AttentionDropout { get; init; } = 0.1;
    [JsonPropertyName("seq_classif_dropout")] public double SeqClassifDropout { get; init; } = 0.2;
    [JsonPropertyName("max_position_embeddings")] public int MaxPositionEmbeddings { get; init; } = 512;
    [JsonPropertyName("sinusoidal_pos_embds")] public bool SinusoidalPosEmbds { get; init; }
    [JsonPropertyName("pad_token_id")] public int PadTokenId { get; init; }
    [JsonPropertyName("id2label")] public Dictionary<string, string>? Id2Label { get; init; }
    [JsonPropertyName("label2id")] public Dictionary<string, int>? Label2Id { get; init; }

    [JsonIgnore] public int NumLabels => Id2Label?.Count ?? 0;

    public string[] Labels() => ClassifierLabels.Names(Id2Label);

    public DistilBertConfig WithLabels(IReadOnlyList<string> labels) => this with
    {
        Architectures = [Architecture], Id2Label = ClassifierLabels.Id2Label(labels), Label2Id = ClassifierLabels.Label2Id(labels),
    };
}
