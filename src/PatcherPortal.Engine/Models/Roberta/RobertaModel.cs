using PatcherPortal.Engine.Models.Bert;
using PatcherPortal.Engine.Patching;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PatcherPortal.Engine.Models.Roberta;

// RoBERTa (Liu et al., 2019) with Hugging Face module names. Its encoder is BERT's, layer for layer (Hugging Face's
// modeling_roberta copies it); what differs is read here: positions count from padding_idx + 1 and skip padding, a
// single token type, no pooler, and a classification head of its own over <s>.
// B = batch, T = sequence length, d = hidden size.

public static class RobertaPositions
{
    /// <summary>padding_idx + 1, + 2, ... over the tokens; padding keeps padding_idx. (B, T) -> (B, T)</summary>
    public static Tensor Of(Tensor inputIds, int paddingIdx)
    {
        using var scope = NewDisposeScope();
        var tokens = inputIds.ne(paddingIdx).to(int64);       // (B, T)
        return (tokens.cumsum(1) * tokens + paddingIdx).MoveToOuterDisposeScope();
    }
}

/// <summary>dense + tanh + out_proj over the &lt;s&gt; token (Hugging Face RobertaClassificationHead). (N, d) -> (N, labels)</summary>
public sealed class RobertaClassificationHead : Module<Tensor, Tensor>
{
    private readonly Linear dense, out_proj;
    private readonly Dropout dropout;

    public RobertaClassificationHead(BertConfig c) : base(nameof(RobertaClassificationHead))
    {
        dense = Linear(c.HiddenSize, c.HiddenSize);
        dropout = Dropout(c.HiddenDropoutProb);
        out_proj = Linear(c.HiddenSize, c.NumLabels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor first)
    {
        using var scope = NewDisposeScope();
        var x = tanh(dense.call(dropout.call(first)));   // (N, d)
        return out_proj.call(dropout.call(x)).MoveToOuterDisposeScope();
    }
}

/// <summary>Hugging Face RobertaForSequenceClassification: the fact checkers teams fine-tune from roberta-base.</summary>
public sealed class RobertaForSequenceClassification : SequenceClassifierNetwork
{
    public const string Architecture = "RobertaForSequenceClassification";
    public readonly BertModel roberta;
    private readonly RobertaClassificationHead classifier;

    public RobertaForSequenceClassification(BertConfig config)
        : base(nameof(RobertaForSequenceClassification), "roberta", config.Labels(), config.PadTokenId, config.MaxTokens)
    {
        if (!config.PositionsAfterPadding) throw new ArgumentException("A RoBERTa classifier needs model_type \"roberta\".");
        roberta = new BertModel(config, addPoolingLayer: false);
        classifier = new RobertaClassificationHead(config);
        RegisterComponents();
    }

    public BertConfig Config => roberta.Config;
    public override PatchableFeedForward LastFeedForward => roberta.LastLayer.FeedForward;

    protected override Tensor EncodeToLastFeedForward(Tensor inputIds, Tensor attentionMask) => roberta.ForwardToLastFeedForward(inputIds, attentionMask);

    protected override Tensor FinishLastLayer(Tensor residual, Tensor feedForwardOutput) => roberta.LastLayer.Finish(residual, feedForwardOutput);

    protected override Tensor Classify(Tensor first) => classifier.call(first);
}
