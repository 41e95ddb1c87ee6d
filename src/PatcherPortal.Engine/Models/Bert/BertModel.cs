using PatcherPortal.Engine.Patching;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace PatcherPortal.Engine.Models.Bert;

// BERT (Devlin et al., 2019) with Hugging Face module names, so checkpoints load key for key.
// B = batch, T = sequence length, d = hidden size, m = intermediate (FFN) size, h = heads.

public sealed class BertEmbeddings : Module<Tensor, Tensor>
{
    public readonly Embedding word_embeddings;
    private readonly Embedding position_embeddings, token_type_embeddings;
    private readonly LayerNorm LayerNorm;
    private readonly Dropout dropout;
    private readonly BertConfig config;

    public BertEmbeddings(BertConfig c) : base(nameof(BertEmbeddings))
    {
        config = c;
        word_embeddings = Embedding(c.VocabSize, c.HiddenSize, padding_idx: c.PadTokenId);
        position_embeddings = Embedding(c.MaxPositionEmbeddings, c.HiddenSize);
        token_type_embeddings = Embedding(c.TypeVocabSize, c.HiddenSize);
        LayerNorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        dropout = Dropout(c.HiddenDropoutProb);
        RegisterComponents();
    }

    public override Tensor forward(Tensor inputIds) // (B, T) -> (B, T, d)
    {
        using var positions = config.PositionsAfterPadding
            ? Roberta.RobertaPositions.Of(inputIds, config.PadTokenId)                      // (B, T)
            : arange(inputIds.shape[1], device: inputIds.device).unsqueeze(0);             // (1, T)
        return Embed(inputIds, positions);
    }

    /// <summary>Embeddings at explicit positions (B, T) or (1, T): a left-padded prompt starts at position 0.</summary>
    public Tensor Embed(Tensor inputIds, Tensor positions)
    {
        using var scope = NewDisposeScope();
        var x = word_embeddings.call(inputIds) + position_embeddings.call(positions)
                + token_type_embeddings.call(zeros_like(inputIds));
        return dropout.call(LayerNorm.call(x)).MoveToOuterDisposeScope();
    }
}

public sealed class BertSelfAttention : Module<Tensor, Tensor, Tensor>
{
    private readonly Linear query, key, value;
    private readonly int heads;
    private readonly double dropoutP;

    public BertSelfAttention(BertConfig c) : base(nameof(BertSelfAttention))
    {
        query = Linear(c.HiddenSize, c.HiddenSize);
        key = Linear(c.HiddenSize, c.HiddenSize);
        value = Linear(c.HiddenSize, c.HiddenSize);
        heads = c.NumAttentionHeads;
        dropoutP = c.AttentionProbsDropoutProb;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor keep) // x (B, T, d), keep (B, 1, 1, T) bool
    {
        using var scope = NewDisposeScope();
        var (b, t, d) = (x.shape[0], x.shape[1], x.shape[2]);
        Tensor Split(Tensor y) => y.view(b, t, heads, d / heads).transpose(1, 2); // (B, h, T, d/h)
        var y = F.scaled_dot_product_attention(Split(query.call(x)), Split(key.call(x)), Split(value.call(x)),
            attn_mask: keep, p: training ? dropoutP : 0.0);
        return y.transpose(1, 2).contiguous().view(b, t, d).MoveToOuterDisposeScope(); // (B, T, d)
    }
}

/// <summary>Dense + dropout + residual + LayerNorm, used after attention (BertSelfOutput) and after the FFN (BertOutput).</summary>
public sealed class BertResidualOutput : Module<Tensor, Tensor, Tensor>
{
    public readonly Linear dense;
    private readonly LayerNorm LayerNorm;
    private readonly Dropout dropout;

    public BertResidualOutput(int inputSize, BertConfig c) : base("BertOutput")
    {
        dense = Linear(inputSize, c.HiddenSize);
        LayerNorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        dropout = Dropout(c.HiddenDropoutProb);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor residual) =>
        LayerNorm.call(dropout.call(dense.call(hidden)) + residual);

    /// <summary>The same output when the dense projection was already applied (the patchable FFN does it).</summary>
    public Tensor Normalize(Tensor projected, Tensor residual) => LayerNorm.call(dropout.call(projected) + residual);
}

public sealed class BertAttention : Module<Tensor, Tensor, Tensor>
{
    private readonly BertSelfAttention self;
    private readonly BertResidualOutput output;

    public BertAttention(BertConfig c) : base(nameof(BertAttention))
    {
        self = new BertSelfAttention(c);
        output = new BertResidualOutput(c.HiddenSize, c);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor keep)
    {
        using var attended = self.call(x, keep);
        return output.call(attended, x);
    }
}

public sealed class BertIntermediate : Module<Tensor, Tensor>
{
    public readonly Linear dense;

    public BertIntermediate(BertConfig c) : base(nameof(BertIntermediate))
    {
        dense = Linear(c.HiddenSize, c.IntermediateSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => dense.call(x);
}

public sealed class BertLayer : Module<Tensor, Tensor, Tensor>
{
    private readonly BertAttention attention;
    private readonly BertIntermediate intermediate;
    private readonly BertResidualOutput output;

    public BertLayer(BertConfig c) : base(nameof(BertLayer))
    {
        attention = new BertAttention(c);
        intermediate = new BertIntermediate(c);
        output = new BertResidualOutput(c.IntermediateSize, c);
        RegisterComponents();
        FeedForward = new PatchableFeedForward(intermediate.dense, output.dense, Activations.Parse(c.HiddenAct),
            c.IntermediateSize, c.HiddenSize, CPU);
    }

    public PatchableFeedForward FeedForward { get; private set; }

    /// <summary>Attention sub-layer only: its output is both the FFN query q and the FFN's residual. (B, T, d)</summary>
    public Tensor Attend(Tensor x, Tensor keep) => attention.call(x, keep);

    public Tensor Finish(Tensor residual, Tensor feedForwardOutput) => output.Normalize(feedForwardOutput, residual);

    public override Tensor forward(Tensor x, Tensor keep)
    {
        using var scope = NewDisposeScope();
        var q = Attend(x, keep);
        return Finish(q, FeedForward.Forward(q)).MoveToOuterDisposeScope();
    }
}

public sealed class BertEncoder : Module<Tensor, Tensor, Tensor>
{
    public readonly ModuleList<BertLayer> layer;

    public BertEncoder(BertConfig c) : base(nameof(BertEncoder))
    {
        layer = new ModuleList<BertLayer>(Enumerable.Range(0, c.NumHiddenLayers).Select(_ => new BertLayer(c)).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor keep) => RunLayers(x, keep, 0, layer.Count);

    /// <summary>Layers <paramref name="first"/> up to (not including) <paramref name="end"/>.</summary>
    public Tensor RunLayers(Tensor x, Tensor keep, int first, int end)
    {
        if (first >= end) return x;
        using var scope = NewDisposeScope();
        for (var i = first; i < end; i++) x = layer[i].call(x, keep);
        return x.MoveToOuterDisposeScope();
    }
}

public sealed class BertPooler : Module<Tensor, Tensor>
{
    private readonly Linear dense;

    public BertPooler(BertConfig c) : base(nameof(BertPooler))
    {
        dense = Linear(c.HiddenSize, c.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor cls) => tanh(dense.call(cls)); // (N, d) -> (N, d)
}

/// <summary>The bare encoder: last_hidden_state for (input_ids, attention_mask).</summary>
public sealed class BertModel : Module<Tensor, Tensor, Tensor>
{
    public readonly BertEmbeddings embeddings;
    public readonly BertEncoder encoder;
    public readonly BertPooler? pooler;

    /// <param name="addPoolingLayer">False for a decoder, as Hugging Face's BertLMHeadModel: nothing reads [CLS] there.</param>
    public BertModel(BertConfig config, bool addPoolingLayer = true) : base(nameof(BertModel))
    {
        Config = config;
        embeddings = new BertEmbeddings(config);
        encoder = new BertEncoder(config);
        pooler = addPoolingLayer ? new BertPooler(config) : null;
        RegisterComponents();
    }

    public BertConfig Config { get; }
    public BertLayer LastLayer => encoder.layer[encoder.layer.Count - 1];

    public static Tensor KeepMask(Tensor attentionMask) => attentionMask.to(@bool).unsqueeze(1).unsqueeze(1); // (B, 1, 1, T)

    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var (x, keep) = Embed(inputIds, attentionMask);
        return encoder.call(x, keep).MoveToOuterDisposeScope(); // (B, T, d)
    }

    /// <summary>Runs all layers but the last FFN; returns the last layer's FFN query (= its residual). (B, T, d)</summary>
    public Tensor ForwardToLastFeedForward(Tensor inputIds, Tensor attentionMask) =>
        ForwardToFeedForward(encoder.layer.Count - 1, inputIds, attentionMask);

    /// <summary>Runs every layer below <paramref name="layer"/> and its attention: that layer's FFN query (= its residual). (B, T, d)</summary>
    public Tensor ForwardToFeedForward(int layer, Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var (x, keep) = Embed(inputIds, attentionMask);
        x = encoder.RunLayers(x, keep, 0, layer);
        return encoder.layer[layer].Attend(x, keep).MoveToOuterDisposeScope();
    }

    /// <summary>Stage prefixes under this model's own name in its parent (<c>bert.</c>): the embeddings, then each layer.</summary>
    public IReadOnlyList<string> StagePrefixes(string name) =>
        [$"{name}.embeddings.", .. Enumerable.Range(0, encoder.layer.Count).Select(i => $"{name}.encoder.layer.{i}.")];

    /// <summary>The embeddings and the first <paramref name="stages"/> - 1 layers. (B, T, d)</summary>
    public Tensor ForwardStages(Tensor inputIds, Tensor attentionMask, int stages)
    {
        using var scope = NewDisposeScope();
        var (x, keep) = Embed(inputIds, attentionMask);
        return encoder.RunLayers(x, keep, 0, stages - 1).MoveToOuterDisposeScope();
    }

    /// <summary>From the hidden states after <paramref name="stages"/> stages to the last layer's FFN query (its residual),
    /// at the flat rows (N) of (B * T) only: the FFN and everything above it are position-wise. (N, d)</summary>
    public Tensor RowQueriesFromStage(int stages, Tensor hidden, Tensor attentionMask, Tensor rows)
    {
        using var scope = NewDisposeScope();
        var keep = Keep(attentionMask);
        var x = encoder.RunLayers(hidden, keep, stages - 1, encoder.layer.Count - 1);
        var q = LastLayer.Attend(x, keep);
        return q.reshape(-1, q.shape[2]).index_select(0, rows).MoveToOuterDisposeScope();
    }

    private Tensor Keep(Tensor attentionMask) => Config.IsDecoder ? CausalMask.PositionsAndMask(attentionMask, 0).Keep : KeepMask(attentionMask);

    /// <summary>Embedded tokens (B, T, d) and the attention mask: padding only for an encoder, causal as well for a decoder.</summary>
    private (Tensor X, Tensor Keep) Embed(Tensor inputIds, Tensor attentionMask)
    {
        if (!Config.IsDecoder) return (embeddings.call(inputIds), KeepMask(attentionMask));
        var (positions, keep) = CausalMask.PositionsAndMask(attentionMask, 0);
        return (embeddings.Embed(inputIds, positions), keep);
    }
}

/// <summary>BERT with a classifier on the pooled [CLS] vector: the paper's fact-checking model.</summary>
public sealed class BertForSequenceClassification : SequenceClassifierNetwork, IStagedBert
{
    public const string Architecture = "BertForSequenceClassification";
    public readonly BertModel bert;
    private readonly Dropout dropout;
    private readonly Linear classifier;

    public BertForSequenceClassification(BertConfig config)
        : base(nameof(BertForSequenceClassification), "bert", config.Labels(), config.PadTokenId, config.MaxTokens)
    {
        bert = new BertModel(config);
        dropout = Dropout(config.HiddenDropoutProb);
        classifier = Linear(config.HiddenSize, config.NumLabels);
        RegisterComponents();
    }

    public BertConfig Config => bert.Config;
    public BertModel Encoder => bert;
    public override PatchableFeedForward LastFeedForward => bert.LastLayer.FeedForward;

    protected override Tensor EncodeToLastFeedForward(Tensor inputIds, Tensor attentionMask) => bert.ForwardToLastFeedForward(inputIds, attentionMask);

    protected override Tensor FinishLastLayer(Tensor residual, Tensor feedForwardOutput) => bert.LastLayer.Finish(residual, feedForwardOutput);

    protected override Tensor Classify(Tensor cls) => classifier.call(dropout.call(bert.pooler!.call(cls)));
}
