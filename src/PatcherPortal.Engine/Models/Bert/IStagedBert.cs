using PatcherPortal.Engine.Patching;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Models.Bert;

/// <summary>The stages of a BERT model under its <c>bert.</c> encoder whose head reads only the last FFN's rows (the
/// classifier and the LM head alike): what the trainer's frozen-stage cache needs of both.</summary>
public interface IStagedBert : IStagedModel, ILayeredPatchableModel
{
    BertModel Encoder { get; }

    int ILayeredPatchableModel.LayerCount => Encoder.encoder.layer.Count;

    PatchableFeedForward ILayeredPatchableModel.FeedForwardAt(int layer) => Encoder.encoder.layer[layer].FeedForward;

    (Tensor Residual, Tensor Query) ILayeredPatchableModel.ForwardToFeedForward(int layer, Tensor inputIds, Tensor attentionMask)
    {
        var q = Encoder.ForwardToFeedForward(layer, inputIds, attentionMask);
        return (q, q.alias());
    }

    /// <summary>Below the last layer only: the stages after <paramref name="layer"/> are its layers above.</summary>
    Tensor ILayeredPatchableModel.RowLogitsFromFeedForward(int layer, Tensor residual, Tensor feedForwardOutput, Tensor attentionMask, Tensor rows)
    {
        using var hidden = Encoder.encoder.layer[layer].Finish(residual, feedForwardOutput);
        return ((IStagedModel)this).RowLogitsFromStage(layer + 2, hidden, attentionMask, rows);
    }

    IReadOnlyList<string> IStagedModel.StagePrefixes => Encoder.StagePrefixes("bert");

    Tensor IStagedModel.ForwardStages(Tensor inputIds, Tensor attentionMask, int stages) => Encoder.ForwardStages(inputIds, attentionMask, stages);

    /// <summary>The last layer's FFN, its output norm and the head run on the rows alone. (N, outputs)</summary>
    Tensor IStagedModel.RowLogitsFromStage(int stages, Tensor hidden, Tensor attentionMask, Tensor rows)
    {
        using var q = Encoder.RowQueriesFromStage(stages, hidden, attentionMask, rows);
        using var output = LastFeedForward.Forward(q);
        return ForwardFromLastFeedForward(q, output);
    }
}
