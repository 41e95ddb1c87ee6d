using PatcherPortal.Engine.Models;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Models;

public sealed class ModuleExtensionsTests
{
    [Fact]
    public void A_tied_word_embedding_and_LM_head_count_once()
    {
        var model = TinyModels.RandomBertDecoder();
        var config = TinyModels.BertDecoder;

        var counted = model.ParameterCount();

        Assert.Equal(model.bert.ParameterCount() + model.cls.ParameterCount() - config.VocabSize * config.HiddenSize, counted);
    }

    [Fact]
    public void A_frozen_model_computes_no_weight_gradients_and_trains_again_afterwards()
    {
        var model = TinyModels.RandomGpt2();
        var ids = TinyModels.RandomIds(1, 5, TinyModels.Gpt2.VocabSize);
        using (model.Freeze())
        {
            var input = randn(1, 5, TinyModels.Gpt2.NEmbd, requires_grad: true);
            var (residual, _) = model.ForwardToLastFeedForward(ids, ones_like(ids));
            model.ForwardFromLastFeedForward(residual + input, input).sum().backward();
            Assert.NotNull(input.grad);
            Assert.All(model.parameters(), p => Assert.Null(p.grad));
        }

        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
    }
}
