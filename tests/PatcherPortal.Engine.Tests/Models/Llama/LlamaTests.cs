using PatcherPortal.Engine.Models.Gpt2;
using PatcherPortal.Engine.Models.Llama;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Models.Llama;

public sealed class LlamaTests
{
    /// <summary>Greedy decoding by re-reading the whole sequence every step, no cache.</summary>
    private static long[] UncachedGreedy(LlamaForCausalLM model, long[] prompt, int steps)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var sequence = prompt.ToList();
        for (var i = 0; i < steps; i++)
        {
            var ids = tensor(sequence.ToArray()).unsqueeze(0);
            sequence.Add(model.call(ids, ones_like(ids))[0, -1].argmax().item<long>());
        }
        return sequence.Skip(prompt.Length).ToArray();
    }

    [Theory]
    [MemberData(nameof(TinyLlamas.Names), MemberType = typeof(TinyLlamas))]
    public void Logits_read_through_the_key_value_cache_equal_an_uncached_forward_pass(string variant)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = TinyLlamas.Random(variant, seed: 2);
        var ids = TinyModels.RandomIds(2, 10, 61);
        var full = model.call(ids, ones_like(ids));                                    // (2, 10, V)
        using var cache = new KeyValueCache(model.model.layers.Count);
        foreach (var layer in model.model.layers) layer.self_attn.Cache = cache;
        var pieces = new List<Tensor>();
        foreach (var (from, to) in new[] { (0, 6), (6, 7), (7, 10) })
        {
            var (positions, keep) = Engine.Models.CausalMask.PositionsAndMask(ones(2, to, dtype: int64), cache.Length);
            var hidden = model.model.RunLayers(ids[.., from..to], positions, keep, model.model.layers.Count);
            pieces.Add(model.lm_head.call(model.model.norm.call(hidden)));
        }
        foreach (var layer in model.model.layers) layer.self_attn.Cache = null;
        var cached = cat(pieces, 1);
        Assert.True(cached.allclose(full, rtol: 0, atol: 1e-5), $"max diff {(cached - full).abs().max().item<float>()}");
        long[] prompt = [5, 17, 9, 33];
        Assert.Equal(UncachedGreedy(model, prompt, 8), model.Generate(tensor(prompt).unsqueeze(0), ones(1, 4, dtype: int64), 8, [])[0]);
    }

    [Fact]
    public void Left_padded_prompts_in_a_batch_generate_what_they_generate_alone()
    {
        using var scope = NewDisposeScope();
        var model = TinyLlamas.Random("qwen3", seed: 4);
        var ids = tensor(new long[] { 0, 0, 0, 0, 7, 8, 1, 2, 3, 4, 5, 6 }, [2, 6]);
        var mask = tensor(new long[] { 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 }, [2, 6]);
        var batched = model.Generate(ids, mask, 8, []);
        Assert.Equal(UncachedGreedy(model, [7, 8], 8), batched[0]);
        Assert.Equal(UncachedGreedy(model, [1, 2, 3, 4, 5, 6], 8), batched[1]);
    }

    [Fact]
    public void Generation_stops_at_any_of_the_end_tokens()
    {
        using var scope = NewDisposeScope();
        var model = TinyLlamas.Random("llama", seed: 5);
        long[] prompt = [5, 17, 9];
        var free = model.Generate(tensor(prompt).unsqueeze(0), ones(1, 3, dtype: int64), 6, [])[0];
        var stopped = model.Generate(tensor(prompt).unsqueeze(0), ones(1, 3, dtype: int64), 6, [999, free[2]])[0];
        Assert.Equal(free.TakeWhile(t => t != free[2]).ToArray(), stopped);
    }

    [Theory]
    [MemberData(nameof(TinyLlamas.Names), MemberType = typeof(TinyLlamas))]
    public void Splitting_at_the_last_mlp_reproduces_the_logits(string variant)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = TinyLlamas.Random(variant);
        var ids = TinyModels.RandomIds(2, 7, 61);
        var mask = tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0 }, [2, 7]);
        var (residual, query) = model.ForwardToLastFeedForward(ids, mask);
        var split = model.ForwardFromLastFeedForward(residual, model.LastFeedForward.Forward(query));
        Assert.True(split.allclose(model.call(ids, mask), rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Each_variant_has_the_parameters_its_reference_implementation_has()
    {
        string[] Names(string variant) => TinyLlamas.Random(variant).state_dict().Keys.Where(k => k.StartsWith("model.layers.0.self_attn.")).Order().ToArray();
        Assert.Equal(["model.layers.0.self_attn.k_proj.bias", "model.layers.0.self_attn.k_proj.weight", "model.layers.0.self_attn.q_proj.bias",
            "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.v_proj.bias", "model.layers.0.self_attn.v_proj.weight",
            "model.layers.0.self_attn.o_proj.weight"], Names("qwen2").OrderBy(n => n.Contains("o_proj")).ThenBy(n => n));
        Assert.Contains("model.layers.0.self_attn.q_norm.weight", Names("qwen3"));
        Assert.Contains("model.layers.0.self_attn.k_norm.weight", Names("qwen3"));
        Assert.Equal(4, Names("mistral").Length);
        Assert.Contains("model.layers.0.self_attn.o_proj.bias", Names("llama-untied"));
    }

    [Fact]
    public void Rope_scaling_slows_the_rotations_as_each_type_prescribes()
    {
        var plain = RopeFrequencies.Inverse(new LlamaConfig { HiddenSize = 128, NumAttentionHeads = 1, RopeTheta = 500000 });
        var linear = RopeFrequencies.Inverse(new LlamaConfig { HiddenSize = 128, NumAttentionHeads = 1, RopeTheta = 500000, RopeScaling = new() { Type = "linear", Factor = 4 } });
        Assert.All(plain.Zip(linear), p => Assert.Equal(p.First / 4, p.Second, 1e-9));
        var llama3 = RopeFrequencies.Inverse(new LlamaConfig
        {
            HiddenSize = 128, NumAttentionHeads = 1, RopeTheta = 500000,
            RopeScaling = new() { RopeType = "llama3", Factor = 32, LowFreqFactor = 1, HighFreqFactor = 4, OriginalMaxPositionEmbeddings = 8192 },
        });
        // Wavelengths below 8192/4 positions keep their speed, those above 8192 slow down 32 times, the band between blends.
        for (var i = 0; i < plain.Length; i++)
        {
            var wavelength = 2 * Math.PI / plain[i];
            if (wavelength < 2048) Assert.Equal(plain[i], llama3[i]);
            else if (wavelength > 8192) Assert.Equal(plain[i] / 32, llama3[i], 1e-9);
            else Assert.InRange(llama3[i], plain[i] / 32, plain[i]);
        }
        Assert.Throws<NotSupportedException>(() => RopeFrequencies.Inverse(new LlamaConfig { RopeScaling = new() { RopeType = "yarn" } }));
    }

    [Fact]
    public void A_patch_on_the_last_mlp_changes_only_the_inputs_it_fires_on_and_removing_it_restores_the_logits_exactly()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = TinyLlamas.Random("qwen2", seed: 6);
        var ids = TinyModels.RandomIds(3, 6, 61);
        var before = model.call(ids, ones_like(ids));
        var (_, query) = model.ForwardToLastFeedForward(ids, ones_like(ids));
        var target = query[0, 5];                                                           // fires only here
        var key = (target / target.dot(target)).unsqueeze(1);                              // q·k = 1 on the target
        var patch = new Engine.Patching.Patch(Guid.NewGuid(), key.squeeze(1), tensor(-0.99f), randn(32));
        model.LastFeedForward.Patches.Add(patch);
        var patched = model.call(ids, ones_like(ids));
        Assert.False(patched[0, 5].allclose(before[0, 5]));
        Assert.True(patched[1..].equal(before[1..]).all().item<bool>());
        model.LastFeedForward.Patches.Remove(patch.Id);
        Assert.True(model.call(ids, ones_like(ids)).equal(before).all().item<bool>());
    }
}
