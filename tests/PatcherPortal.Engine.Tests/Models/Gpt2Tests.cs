using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Models;

public sealed class Gpt2Tests
{
    [Fact]
    public void Forward_pass_matches_a_naive_reference_implementation()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = TinyModels.RandomGpt2();
        var ids = TinyModels.RandomIds(1, 12, TinyModels.Gpt2.VocabSize);
        var logits = model.call(ids, ones_like(ids))[0];
        var expected = NaiveGpt2.Logits(model, ids);
        Assert.True(logits.allclose(expected, rtol: 0, atol: 1e-5), $"max diff {(logits - expected).abs().max().item<float>()}");
    }

    [Fact]
    public void Cached_greedy_generation_equals_rerunning_the_whole_sequence_each_step()
    {
        using var scope = NewDisposeScope();
        var model = TinyModels.RandomGpt2(seed: 3);
        long[] prompt = [5, 17, 9, 33];
        var cached = model.Generate(tensor(prompt).unsqueeze(0), ones(1, prompt.Length, dtype: int64), maxNewTokens: 10);
        Assert.Equal(NaiveGpt2.GreedyGenerate(model, prompt, 10), cached[0]);
    }

    [Fact]
    public void Left_padded_prompts_in_a_batch_generate_what_they_generate_alone()
    {
        using var scope = NewDisposeScope();
        var model = TinyModels.RandomGpt2(seed: 4);
        long[] shortPrompt = [7, 8], longPrompt = [1, 2, 3, 4, 5, 6];
        var ids = tensor(new long[] { 0, 0, 0, 0, 7, 8, 1, 2, 3, 4, 5, 6 }, [2, 6]);
        var mask = tensor(new long[] { 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 }, [2, 6]);
        var batched = model.Generate(ids, mask, maxNewTokens: 8);
        Assert.Equal(NaiveGpt2.GreedyGenerate(model, shortPrompt, 8), batched[0]);
        Assert.Equal(NaiveGpt2.GreedyGenerate(model, longPrompt, 8), batched[1]);
    }

    [Fact]
    public void Generation_stops_at_the_stop_token()
    {
        using var scope = NewDisposeScope();
        var model = TinyModels.RandomGpt2(seed: 5);
        long[] prompt = [5, 17, 9];
        var free = model.Generate(tensor(prompt).unsqueeze(0), ones(1, 3, dtype: int64), 6)[0];
        var stopped = model.Generate(tensor(prompt).unsqueeze(0), ones(1, 3, dtype: int64), 6, stopTokenId: (int)free[2])[0];
        Assert.Equal(free.TakeWhile(t => t != free[2]).ToArray(), stopped);
    }

    [Fact]
    public void Splitting_at_the_last_feed_forward_layer_reproduces_the_logits()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = TinyModels.RandomGpt2();
        var ids = TinyModels.RandomIds(2, 7, TinyModels.Gpt2.VocabSize);
        var mask = ones_like(ids);
        var (residual, q) = model.ForwardToLastFeedForward(ids, mask);
        var split = model.ForwardFromLastFeedForward(residual, model.LastFeedForward.Forward(q));
        Assert.True(split.allclose(model.call(ids, mask), rtol: 0, atol: 1e-5));
    }
}
