using PatcherPortal.Engine.Models.Gpt2;
using PatcherPortal.Engine.Patching;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace PatcherPortal.Engine.Models.Llama;

// The Llama family (Touvron et al., 2023) with Hugging Face module names, and the variants its config.json selects:
// qwen2 (query/key/value biases), qwen3 (per-head query/key RMSNorm), mistral (as llama here: prompts stay far below
// its sliding window). B = batch, T = new positions, P = cached positions, d = hidden_size, h = query heads,
// g = key/value heads (h/g queries share one), e = head_dim, m = intermediate_size, V = vocabulary.

/// <summary>x / rms(x) · weight, computed in float32 (Zhang and Sennrich, 2019).</summary>
public sealed class LlamaRMSNorm : Module<Tensor, Tensor>
{
    public readonly Parameter weight;
    private readonly double eps;

    public LlamaRMSNorm(long size, double eps) : base("LlamaRMSNorm")
    {
        weight = (Parameter)new Parameter(ones(size)).DetachFromDisposeScope();
        this.eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var x32 = x.to(float32);
        var normed = x32 * rsqrt(x32.pow(2).mean([-1], keepdim: true) + eps);
        return (weight * normed.to(x.dtype)).MoveToOuterDisposeScope();
    }
}

/// <summary>Rotary position embeddings (Su et al., 2021): pairs (i, i + e/2) of each head rotate by position · θ_i.</summary>
public sealed class RotaryEmbedding(LlamaConfig config)
{
    private readonly float[] inverseFrequencies = RopeFrequencies.Inverse(config);

    /// <summary>cos and sin (B, 1, T, e) of positions (B, T).</summary>
    public (Tensor Cos, Tensor Sin) For(Tensor positions)
    {
        using var scope = NewDisposeScope();
        var inverse = tensor(inverseFrequencies, device: positions.device);              // (e/2)
        var angles = positions.to(float32).unsqueeze(-1) * inverse;                       // (B, T, e/2)
        var both = cat([angles, angles], -1).unsqueeze(1);                                // (B, 1, T, e)
        return (both.cos().MoveToOuterDisposeScope(), both.sin().MoveToOuterDisposeScope());
    }

    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin) // (B, heads, T, e)
    {
        using var scope = NewDisposeScope();
        var half = (int)(x.shape[^1] / 2);
        var rotated = cat([-x[.., .., .., half..], x[.., .., .., ..half]], -1);
        return (x * cos + rotated * sin).MoveToOuterDisposeScope();
    }
}

public sealed class LlamaAttention : Module<Tensor, Tensor, (Tensor Cos, Tensor Sin), Tensor>
{
    private readonly Linear q_proj, k_proj, v_proj, o_proj;
    private readonly LlamaRMSNorm? q_norm, k_norm;
    private readonly int heads, keyValueHeads, headDim, index;

    public LlamaAttention(LlamaConfig c, int layerIndex) : base("LlamaAttention")
    {
        (heads, keyValueHeads, headDim, index) = (c.NumAttentionHeads, c.KeyValueHeads, c.HeadDim, layerIndex);
        q_proj = Linear(c.HiddenSize, heads * headDim, hasBias: c.QueryKeyValueBias);
        k_proj = Linear(c.HiddenSize, keyValueHeads * headDim, hasBias: c.QueryKeyValueBias);
        v_proj = Linear(c.HiddenSize, keyValueHeads * headDim, hasBias: c.QueryKeyValueBias);
        o_proj = Linear(heads * headDim, c.HiddenSize, hasBias: c.OutputBias);
        if (c.QueryKeyNorm) (q_norm, k_norm) = (new LlamaRMSNorm(headDim, c.RmsNormEps), new LlamaRMSNorm(headDim, c.RmsNormEps));
        RegisterComponents();
    }

    public KeyValueCache? Cache { get; set; }

    public override Tensor forward(Tensor x, Tensor keep, (Tensor Cos, Tensor Sin) rotary) // x (B, T, d), keep (B, 1, T, P+T)
    {
        using var scope = NewDisposeScope();
        var (b, t) = (x.shape[0], x.shape[1]);
        Tensor Heads(Tensor y, int count, LlamaRMSNorm? norm)
        {
            y = y.view(b, t, count, headDim);                                             // (B, T, heads, e)
            return (norm?.call(y) ?? y).transpose(1, 2);                                 // (B, heads, T, e)
        }
        var q = RotaryEmbedding.Apply(Heads(q_proj.call(x), heads, q_norm), rotary.Cos, rotary.Sin);
        var k = RotaryEmbedding.Apply(Heads(k_proj.call(x), keyValueHeads, k_norm), rotary.Cos, rotary.Sin);
        var v = Heads(v_proj.call(x), keyValueHeads, null);
        if (Cache is not null) (k, v) = Cache.Append(index, k, v);                       // (B, g, P+T, e)
        var shared = heads / keyValueHeads;
        if (shared > 1) (k, v) = (k.repeat_interleave(shared, 1), v.repeat_interleave(shared, 1)); // (B, h, P+T, e)
        var y = F.scaled_dot_product_attention(q, k, v, attn_mask: keep);                // (B, h, T, e)
        return o_proj.call(y.transpose(1, 2).reshape(b, t, heads * headDim)).MoveToOuterDisposeScope(); // (B, T, d)
    }
}

/// <summary>SwiGLU (Shazeer, 2020): down(silu(gate(q)) ⊙ up(q)); its patch neurons read q and add to the output.</summary>
public sealed class LlamaMLP : Module<Tensor, Tensor>
{
    public readonly Linear gate_proj, up_proj, down_proj;

    public LlamaMLP(LlamaConfig c) : base("LlamaMLP")
    {
        gate_proj = Linear(c.HiddenSize, c.IntermediateSize, hasBias: c.MlpBias);
        up_proj = Linear(c.HiddenSize, c.IntermediateSize, hasBias: c.MlpBias);
        down_proj = Linear(c.IntermediateSize, c.HiddenSize, hasBias: c.MlpBias);
        RegisterComponents();
        FeedForward = new PatchableFeedForward(gate_proj, down_proj, Activations.Parse(c.HiddenAct), c.IntermediateSize, c.HiddenSize, CPU, up_proj);
    }

    public PatchableFeedForward FeedForward { get; }

    public override Tensor forward(Tensor q) => FeedForward.Forward(q);
}

public sealed class LlamaDecoderLayer : Module<Tensor, Tensor, (Tensor, Tensor), Tensor>
{
    public readonly LlamaAttention self_attn;
    public readonly LlamaMLP mlp;
    private readonly LlamaRMSNorm input_layernorm, post_attention_layernorm;

    public LlamaDecoderLayer(LlamaConfig c, int layerIndex) : base("LlamaDecoderLayer")
    {
        self_attn = new LlamaAttention(c, layerIndex);
        mlp = new LlamaMLP(c);
        input_layernorm = new LlamaRMSNorm(c.HiddenSize, c.RmsNormEps);
        post_attention_layernorm = new LlamaRMSNorm(c.HiddenSize, c.RmsNormEps);
        RegisterComponents();
    }

    /// <summary>x + attn(norm(x)): the residual stream entering the MLP, and the MLP's query q = norm of it.</summary>
    public (Tensor Residual, Tensor Query) Attend(Tensor x, Tensor keep, (Tensor, Tensor) rotary)
    {
        using var normed = input_layernorm.call(x);
        using var attended = self_attn.call(normed, keep, rotary);
        var residual = x + attended;
        return (residual, post_attention_layernorm.call(residual));
    }

    public override Tensor forward(Tensor x, Tensor keep, (Tensor, Tensor) rotary)
    {
        using var scope = NewDisposeScope();
        var (residual, q) = Attend(x, keep, rotary);
        return (residual + mlp.call(q)).MoveToOuterDisposeScope();
    }
}

public sealed class LlamaModel : Module<Tensor, Tensor, Tensor>
{
    public readonly Embedding embed_tokens;
    public readonly ModuleList<LlamaDecoderLayer> layers;
    public readonly LlamaRMSNorm norm;
    private readonly RotaryEmbedding rotary;

    public LlamaModel(LlamaConfig c) : base("LlamaModel")
    {
        embed_tokens = Embedding(c.VocabSize, c.HiddenSize);
        layers = new ModuleList<LlamaDecoderLayer>(Enumerable.Range(0, c.NumHiddenLayers).Select(i => new LlamaDecoderLayer(c, i)).ToArray());
        norm = new LlamaRMSNorm(c.HiddenSize, c.RmsNormEps);
        rotary = new RotaryEmbedding(c);
        RegisterComponents();
    }

    /// <summary>Embeds new tokens at their positions and runs the first <paramref name="count"/> layers. (B, T) -> (B, T, d)</summary>
    public Tensor RunLayers(Tensor inputIds, Tensor positions, Tensor keep, int count) =>
        RunLayers(inputIds, positions, keep, count, out _);

    public Tensor RunLayers(Tensor inputIds, Tensor positions, Tensor keep, int count, out (Tensor Cos, Tensor Sin) angles)
    {
        var x = embed_tokens.call(inputIds);
        angles = rotary.For(positions);
        for (var i = 0; i < count; i++)
        {
            var next = layers[i].call(x, keep, angles);
            x.Dispose();
            x = next;
        }
        return x;
    }

    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var (positions, keep) = CausalMask.PositionsAndMask(attentionMask, 0);
        return norm.call(RunLayers(inputIds, positions, keep, layers.Count)).MoveToOuterDisposeScope();
    }
}

/// <summary>A Llama-family decoder with its language-model head (tied to the embeddings or its own).</summary>
public sealed class LlamaForCausalLM : Module<Tensor, Tensor, Tensor>, IPatchableModel
{
    public readonly LlamaModel model;
    public readonly Linear lm_head;

    public LlamaForCausalLM(LlamaConfig config) : base("LlamaForCausalLM")
    {
        Config = config;
        model = new LlamaModel(config);
        lm_head = Linear(config.HiddenSize, config.VocabSize, hasBias: false);
        RegisterComponents();
        InitializeWeights();
        if (config.TieWordEmbeddings) lm_head.weight = model.embed_tokens.weight!;
    }

    /// <summary>Hugging Face's initialisation: N(0, 0.02) weights, zero biases, unit norms.</summary>
    private void InitializeWeights()
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith("norm.weight")) continue;
            if (name.EndsWith(".bias")) parameter.zero_();
            else parameter.normal_(0, 0.02);
        }
    }

    public LlamaConfig Config { get; }
    public PatchableFeedForward LastFeedForward => model.layers[^1].mlp.FeedForward;

    public override Tensor forward(Tensor inputIds, Tensor attentionMask) // (B, T) -> logits (B, T, V)
    {
        using var hidden = model.call(inputIds, attentionMask);
        return lm_head.call(hidden);
    }

    public (Tensor Residual, Tensor Query) ForwardToLastFeedForward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var (positions, keep) = CausalMask.PositionsAndMask(attentionMask, 0);
        var x = model.RunLayers(inputIds, positions, keep, model.layers.Count - 1, out var angles);
        var (residual, q) = model.layers[^1].Attend(x, keep, angles);
        return (residual.MoveToOuterDisposeScope(), q.MoveToOuterDisposeScope());
    }

    public Tensor ForwardFromLastFeedForward(Tensor residual, Tensor feedForwardOutput)
    {
        using var scope = NewDisposeScope();
        return lm_head.call(model.norm.call(residual + feedForwardOutput)).MoveToOuterDisposeScope();
    }

    /// <summary>Greedy decoding with a key/value cache. Prompts are left-padded (mask 0 on pads). -> (B, new) token ids.</summary>
    public long[][] Generate(Tensor inputIds, Tensor attentionMask, int maxNewTokens, IReadOnlyCollection<long> stopTokenIds)
    {
        using var cache = new KeyValueCache(model.layers.Count);
        foreach (var layer in model.layers) layer.self_attn.Cache = cache;
        try
        {
            return GreedyDecoding.Run(inputIds, attentionMask, maxNewTokens, stopTokenIds, rereadSequence: false, (tokens, mask) =>
            {
                var (positions, keep) = CausalMask.PositionsAndMask(mask, cache.Length);
                var hidden = model.RunLayers(tokens, positions, keep, model.layers.Count);   // (B, T, d)
                return lm_head.call(model.norm.call(hidden[.., -1])).argmax(-1);           // (B)
            });
        }
        finally
        {
            foreach (var layer in model.layers) layer.self_attn.Cache = null;
        }
    }
}
