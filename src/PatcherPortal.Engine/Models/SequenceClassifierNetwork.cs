using PatcherPortal.Engine.Patching;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Models;

/// <summary>
/// What BERT, RoBERTa and DistilBERT classifiers share: the head reads the first token alone ([CLS], &lt;s&gt;), and the
/// last layer's FFN feeds nothing but the head, so that FFN (and its patches) runs on the first token only. Each
/// architecture brings its encoder, the end of its last layer and its head.
/// </summary>
public abstract class SequenceClassifierNetwork : nn.Module<Tensor, Tensor, Tensor>, ISequenceClassifierNetwork
{
    protected SequenceClassifierNetwork(string name, string modelType, string[] labels, int padTokenId, int maxTokens) : base(name)
    {
        if (labels.Length < 2) throw new ArgumentException("A sequence classifier needs at least two labels (id2label).");
        (ModelType, Labels, PadTokenId, MaxTokens) = (modelType, labels, padTokenId, maxTokens);
    }

    public string ModelType { get; }
    public string[] Labels { get; }
    public int PadTokenId { get; }
    public int MaxTokens { get; }
    public nn.Module<Tensor, Tensor, Tensor> Module => this;
    public abstract PatchableFeedForward LastFeedForward { get; }

    /// <summary>Every layer but the last FFN: the last layer's FFN query, which is also its residual. (B, T, d)</summary>
    protected abstract Tensor EncodeToLastFeedForward(Tensor inputIds, Tensor attentionMask);

    /// <summary>The rest of the last layer after its FFN. (N, d) residual and FFN output -> (N, d)</summary>
    protected abstract Tensor FinishLastLayer(Tensor residual, Tensor feedForwardOutput);

    /// <summary>The classification head over the first token's last hidden state. (N, d) -> (N, labels)</summary>
    protected abstract Tensor Classify(Tensor first);

    /// <summary>-> (B, labels)</summary>
    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var first = EncodeToLastFeedForward(inputIds, attentionMask).select(1, 0); // (B, d)
        return ForwardFromLastFeedForward(first, LastFeedForward.Forward(first)).MoveToOuterDisposeScope();
    }

    public (Tensor Residual, Tensor Query) ForwardToLastFeedForward(Tensor inputIds, Tensor attentionMask)
    {
        var q = EncodeToLastFeedForward(inputIds, attentionMask);
        return (q, q.alias());
    }

    public Tensor ForwardFromLastFeedForward(Tensor residual, Tensor feedForwardOutput)
    {
        using var scope = NewDisposeScope();
        return Classify(FinishLastLayer(residual, feedForwardOutput)).MoveToOuterDisposeScope();
    }
}
