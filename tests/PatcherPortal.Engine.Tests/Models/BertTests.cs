using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Models;

public sealed class BertTests
{
    [Fact]
    public void Running_the_last_feed_forward_layer_on_CLS_alone_gives_what_the_whole_encoder_gives_there()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = TinyModels.RandomBertClassifier();
        var ids = TinyModels.RandomIds(3, 9, TinyModels.Bert.VocabSize);
        var mask = ones_like(ids);
        var everyPosition = model.bert.call(ids, mask).select(1, 0);
        var (residual, q) = model.ForwardToLastFeedForward(ids, mask);
        var (clsResidual, cls) = (residual.select(1, 0), q.select(1, 0));
        var clsOnly = model.bert.LastLayer.Finish(clsResidual, model.LastFeedForward.Forward(cls));
        Assert.True(everyPosition.allclose(clsOnly, rtol: 0, atol: 1e-5));
        var split = model.ForwardFromLastFeedForward(clsResidual, model.LastFeedForward.Forward(cls));
        Assert.True(split.allclose(model.call(ids, mask), rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Padding_does_not_change_the_classification()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = TinyModels.RandomBertClassifier(seed: 2);
        var ids = TinyModels.RandomIds(1, 5, TinyModels.Bert.VocabSize);
        var padded = cat([ids, zeros(1, 4, dtype: int64)], 1);
        var mask = cat([ones(1, 5, dtype: int64), zeros(1, 4, dtype: int64)], 1);
        Assert.True(model.call(ids, ones_like(ids)).allclose(model.call(padded, mask), rtol: 0, atol: 1e-5));
    }
}
