using PatcherPortal.Engine.Patching;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace PatcherPortal.Engine.Models.DistilBert;

// DistilBERT (Sanh et al., 2019) with Hugging Face module names: BERT's post-norm layers, half as many, without token
// types or pooler. B = batch, T = sequence length, d = dim, m = hidden_dim (FFN), h = heads.

public sealed class Embeddings : Module<Tensor, Tensor>
{
    private readonly Embedding word_embeddings, position_embeddings;
    private readonly LayerNorm LayerNorm;
    private readonly Dropout dropout;

    public Embeddings(DistilBertConfig c) : base(nameof(Embeddings))
    {
        word_embeddings = Embedding(c.VocabSize, c.Dim, padding_idx: c.PadTokenId);
        position_embeddings = Embedding(c.MaxPositionEmbeddings, c.Dim);
        LayerNorm = nn.LayerNorm(c.Dim, 1e-12);
        dropout = Dropout(c.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor inputIds) // (B, T) -> (B, T, d)
    {
        using var scope = NewDisposeScope();
        var positions = arange(inputIds.shape[1], device: inputIds.device).unsqueeze(0); // (1, T)
        var x = word_embeddings.call(inputIds) + position_embeddings.call(positions);
        return dropout.call(LayerNorm.call(x)).MoveToOuterDisposeScope();
    }
}

public sealed class MultiHeadSelfAttention : Module<Tensor, Tensor, Tensor>
{
    private readonly Linear q_lin, k_lin, v_lin, out_lin;
    private readonly int heads;
    private readonly double dropoutP;

    public MultiHeadSelfAttention(DistilBertConfig c) : base(nameof(MultiHeadSelfAttention))
    {
        q_lin = Linear(c.Dim, c.Dim);
        k_lin = Linear(c.Dim, c.Dim);
        v_lin = Linear(c.Dim, c.Dim);
        out_lin = Linear(c.Dim, c.Dim);
        heads = c.NHeads;
        dropoutP = c.AttentionDropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor keep) // x (B, T, d), keep (B, 1, 1, T) bool
    {
        using var scope = NewDisposeScope();
        var (b, t, d) = (x.shape[0], x.shape[1], x.shape[2]);
        Tensor Split(Tensor y) => y.view(b, t, heads, d / heads).transpose(1, 2); // (B, h, T, d/h)
        var y = F.scaled_dot_product_attention(Split(q_lin.call(x)), Split(k_lin.call(x)), Split(v_lin.call(x)),
            attn_mask: keep, p: training ? dropoutP : 0.0);
        return out_lin.call(y.transpose(1, 2).contiguous().view(b, t, d)).MoveToOuterDisposeScope(); // (B, T, d)
    }
}

/// <summary>lin1, activation, lin2, dropout; a block runs it through its patchable layer.</summary>
public sealed class FFN : Module<Tensor, Tensor>
{
    public readonly Linear lin1, lin2;
    public readonly Dropout dropout;
    private readonly Activation activation;

    public FFN(DistilBertConfig c) : base(nameof(FFN))
    {
        lin1 = Linear(c.Dim, c.HiddenDim);
        lin2 = Linear(c.HiddenDim, c.Dim);
        dropout = Dropout(c.Dropout);
        activation = Activations.Parse(c.Activation);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // (B, T, d) -> (B, T, d)
    {
        using var scope = NewDisposeScope();
        return dropout.call(lin2.call(activation.Apply(lin1.call(x)))).MoveToOuterDisposeScope();
    }
}

public sealed class TransformerBlock : Module<Tensor, Tensor, Tensor>
{
    private readonly MultiHeadSelfAttention attention;
    private readonly LayerNorm sa_layer_norm, output_layer_norm;
    private readonly FFN ffn;

    public TransformerBlock(DistilBertConfig c) : base(nameof(TransformerBlock))
    {
        attention = new MultiHeadSelfAttention(c);
        sa_layer_norm = LayerNorm(c.Dim, 1e-12);
        ffn = new FFN(c);
        output_layer_norm = LayerNorm(c.Dim, 1e-12);
        RegisterComponents();
        FeedForward = new PatchableFeedForward(ffn.lin1, ffn.lin2, Activations.Parse(c.Activation), c.HiddenDim, c.Dim, CPU);
    }

    public PatchableFeedForward FeedForward { get; }

    /// <summary>Attention and its norm: the FFN's query q and its residual. (B, T, d)</summary>
    public Tensor Attend(Tensor x, Tensor keep)
    {
        using var attended = attention.call(x, keep);
        using var sum = attended + x;
        return sa_layer_norm.call(sum);
    }

    public Tensor Finish(Tensor residual, Tensor feedForwardOutput)
    {
        using var dropped = ffn.dropout.call(feedForwardOutput);
        using var sum = dropped + residual;
        return output_layer_norm.call(sum);
    }

    public override Tensor forward(Tensor x, Tensor keep)
    {
        using var scope = NewDisposeScope();
        var q = Attend(x, keep);
        return Finish(q, FeedForward.Forward(q)).MoveToOuterDisposeScope();
    }
}

public sealed class Transformer : Module<Tensor, Tensor, Tensor>
{
    public readonly ModuleList<TransformerBlock> layer;

    public Transformer(DistilBertConfig c) : base(nameof(Transformer))
    {
        layer = new ModuleList<TransformerBlock>(Enumerable.Range(0, c.NLayers).Select(_ => new TransformerBlock(c)).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor keep) => RunLayers(x, keep, layer.Count);

    /// <summary>The first <paramref name="end"/> layers.</summary>
    public Tensor RunLayers(Tensor x, Tensor keep, int end)
    {
        if (end == 0) return x.alias();
        using var scope = NewDisposeScope();
        for (var i = 0; i < end; i++) x = layer[i].call(x, keep);
        return x.MoveToOuterDisposeScope();
    }
}

/// <summary>The bare encoder: last_hidden_state for (input_ids, attention_mask).</summary>
public sealed class DistilBertModel : Module<Tensor, Tensor, Tensor>
{
    private readonly Embeddings embeddings;
    public readonly Transformer transformer;

    public DistilBertModel(DistilBertConfig config) : base(nameof(DistilBertModel))
    {
        Config = config;
        embeddings = new Embeddings(config);
        transformer = new Transformer(config);
        RegisterComponents();
    }

    public DistilBertConfig Config { get; }
    public TransformerBlock LastLayer => transformer.layer[transformer.layer.Count - 1];

    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        return transformer.call(embeddings.call(inputIds), Keep(attentionMask)).MoveToOuterDisposeScope(); // (B, T, d)
    }

    /// <summary>All layers but the last FFN: the last layer's FFN query (= its residual). (B, T, d)</summary>
    public Tensor ForwardToLastFeedForward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var keep = Keep(attentionMask);
        var x = transformer.RunLayers(embeddings.call(inputIds), keep, transformer.layer.Count - 1);
        return LastLayer.Attend(x, keep).MoveToOuterDisposeScope();
    }

    private static Tensor Keep(Tensor attentionMask) => attentionMask.to(@bool).unsqueeze(1).unsqueeze(1); // (B, 1, 1, T)
}

/// <summary>Hugging Face DistilBertForSequenceClassification: pre_classifier + ReLU + classifier over [CLS].</summary>
public sealed class DistilBertForSequenceClassification : SequenceClassifierNetwork
{
    public readonly DistilBertModel distilbert;
    private readonly Linear pre_classifier, classifier;
    private readonly Dropout dropout;

    public DistilBertForSequenceClassification(DistilBertConfig config)
        : base(nameof(DistilBertForSequenceClassification), "distilbert", config.Labels(), config.PadTokenId, config.MaxPositionEmbeddings)
    {
        distilbert = new DistilBertModel(config);
        pre_classifier = Linear(config.Dim, config.Dim);
        classifier = Linear(config.Dim, config.NumLabels);
        dropout = Dropout(config.SeqClassifDropout);
        RegisterComponents();
    }

    public DistilBertConfig Config => distilbert.Config;
    public override PatchableFeedForward LastFeedForward => distilbert.LastLayer.FeedForward;

    protected override Tensor EncodeToLastFeedForward(Tensor inputIds, Tensor attentionMask) => distilbert.ForwardToLastFeedForward(inputIds, attentionMask);

    protected override Tensor FinishLastLayer(Tensor residual, Tensor feedForwardOutput) => distilbert.LastLayer.Finish(residual, feedForwardOutput);

    protected override Tensor Classify(Tensor cls) => classifier.call(dropout.call(F.relu(pre_classifier.call(cls))));
}
