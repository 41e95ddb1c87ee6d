using PatcherPortal.Engine.Models;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Models;

/// <summary>What patching a lower layer rests on: cut at block 0's feed-forward layer, the rest of the model run on
/// whole sequences gives the model's own logits, and a change at one position reaches the others through attention.</summary>
public sealed class LowerLayerSplitTests
{
    private static Tensor Split(ILayeredPatchableModel model, Tensor ids, Tensor mask, Tensor rows, Func<Tensor, Tensor>? change = null)
    {
        var (residual, q) = model.ForwardToFeedForward(0, ids, mask);
        var output = model.FeedForwardAt(0).Forward(q);
        return model.RowLogitsFromFeedForward(0, residual, change?.Invoke(output) ?? output, mask, rows);
    }

    [Fact]
    public void A_decoder_cut_below_its_last_layer_gives_its_own_logits_at_every_row()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = TinyModels.RandomBertDecoder();
        var ids = TinyModels.RandomIds(2, 7, TinyModels.BertDecoder.VocabSize);
        var mask = ones_like(ids);
        var full = model.call(ids, mask).reshape(14, -1);
        Assert.True(Split(model, ids, mask, arange(14)).allclose(full, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void A_classifier_cut_below_its_last_layer_gives_its_own_logits_and_hears_a_change_at_another_token()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = TinyModels.RandomBertClassifier();
        var ids = TinyModels.RandomIds(2, 6, TinyModels.Bert.VocabSize);
        var mask = ones_like(ids);
        var cls = tensor(new long[] { 0, 6 });
        Assert.True(Split(model, ids, mask, cls).allclose(model.call(ids, mask), rtol: 0, atol: 1e-5));

        // One component of token 4's output: the LayerNorm above would cancel a shift of all of them.
        var changed = Split(model, ids, mask, cls, output => { var shifted = output.clone(); shifted[0, 4, 0] += 30; return shifted; });
        var moved = (changed[0] - model.call(ids, mask)[0]).abs().max().item<float>();
        Assert.True(moved > 1e-4, $"a change at token 4 moved [CLS]'s logits by {moved} only");
        Assert.True(changed[1].allclose(model.call(ids, mask)[1], rtol: 0, atol: 1e-5), "a change in one input reached another");
    }
}
