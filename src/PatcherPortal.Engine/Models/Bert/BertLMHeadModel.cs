using PatcherPortal.Engine.Patching;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PatcherPortal.Engine.Models.Bert;

// BERT as a left-to-right decoder with its masked-LM head reused for next-token prediction (Hugging Face
// BertLMHeadModel, is_decoder = true): how a pretrained encoder such as MiniLM becomes a question answerer.
// The sequence is [CLS] question [SEP] answer [SEP]; B = batch, T = length, d = hidden size, V = vocabulary.

public sealed class BertPredictionHeadTransform : Module<Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly LayerNorm LayerNorm;
    private readonly Activation activation;

    public BertPredictionHeadTransform(BertConfig c) : base(nameof(BertPredictionHeadTransform))
    {
        dense = Linear(c.HiddenSize, c.HiddenSize);
        LayerNorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        activation = Activations.Parse(c.HiddenAct);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var projected = dense.call(x);
        using var activated = activation.Apply(projected);
        return LayerNorm.call(activated);
    }
}

/// <summary>Transform, then the decoder tied to the word embeddings plus a per-token bias. (..., d) -> (..., V)</summary>
public sealed class BertLMPredictionHead : Module<Tensor, Tensor>
{
    private readonly BertPredictionHeadTransform transform;
    public readonly Linear decoder;
    private readonly Parameter bias;

    public BertLMPredictionHead(BertConfig c) : base(nameof(BertLMPredictionHead))
    {
        transform = new BertPredictionHeadTransform(c);
        decoder = Linear(c.HiddenSize, c.VocabSize, hasBias: false);
        bias = Parameter(zeros(c.VocabSize));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var transformed = transform.call(x);
        using var logits = decoder.call(transformed);
        return logits + bias;
    }
}

public sealed class BertOnlyMLMHead : Module<Tensor, Tensor>
{
    public readonly BertLMPredictionHead predictions;

    public BertOnlyMLMHead(BertConfig c) : base(nameof(BertOnlyMLMHead))
    {
        predictions = new BertLMPredictionHead(c);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => predictions.call(x);
}

public sealed class BertLMHeadModel : Module<Tensor, Tensor, Tensor>, IStagedBert
{
    public readonly BertModel bert;
    public readonly BertOnlyMLMHead cls;

    public BertLMHeadModel(BertConfig config) : base(nameof(BertLMHeadModel))
    {
        if (!config.IsDecoder) throw new ArgumentException("A BERT language model needs is_decoder = true (left-to-right attention).");
        bert = new BertModel(config, addPoolingLayer: false);
        cls = new BertOnlyMLMHead(config);
        RegisterComponents();
        if (config.TieWordEmbeddings) cls.predictions.decoder.weight = bert.embeddings.word_embeddings.weight;
    }

    public BertConfig Config => bert.Config;
    public PatchableFeedForward LastFeedForward => bert.LastLayer.FeedForward;

    public override Tensor forward(Tensor inputIds, Tensor attentionMask) // (B, T) -> logits (B, T, V)
    {
        using var hidden = bert.call(inputIds, attentionMask);
        return cls.call(hidden);
    }

    public (Tensor Residual, Tensor Query) ForwardToLastFeedForward(Tensor inputIds, Tensor attentionMask)
    {
        var q = bert.ForwardToLastFeedForward(inputIds, attentionMask);
        return (q, q.alias());
    }

    public Tensor ForwardFromLastFeedForward(Tensor residual, Tensor feedForwardOutput)
    {
        using var hidden = bert.LastLayer.Finish(residual, feedForwardOutput);
        return cls.call(hidden);
    }

    public BertModel Encoder => bert;

    /// <summary>Greedy decoding of left-padded prompts, re-reading the whole sequence each step (answers are a few
    /// tokens; no key/value cache). -> (B, new) token ids without the stop token.</summary>
    public long[][] Generate(Tensor inputIds, Tensor attentionMask, int maxNewTokens, int stopTokenId)
    {
        var room = Config.MaxPositionEmbeddings - (int)inputIds.shape[1];
        return GreedyDecoding.Run(inputIds, attentionMask, Math.Min(maxNewTokens, room), stopTokenId, rereadSequence: true, (tokens, mask) =>
        {
            // Only the last position's output is read, and the last layer's FFN feeds nothing but the head: run
            // that FFN (and its patches) on the last position alone.
            var q = bert.ForwardToLastFeedForward(tokens, mask)[.., -1];          // (B, d)
            var hidden = bert.LastLayer.Finish(q, LastFeedForward.Forward(q));    // (B, d)
            return cls.call(hidden).argmax(-1);                                   // (B)
        });
    }
}
