using PatcherPortal.Engine.Patching;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace PatcherPortal.Engine.Models.Gpt2;

// GPT-2 (Radford et al., 2019) with Hugging Face module names. B = batch, T = new positions, P = cached positions,
// d = n_embd, h = heads, V = vocabulary. Masks are boolean "may attend" tensors, which also carry left padding.

/// <summary>GPT-2's "Conv1D": a linear layer whose weight is stored (in, out), as in the checkpoints.</summary>
public sealed class Conv1D : Module<Tensor, Tensor>
{
    public readonly Parameter weight, bias;

    public Conv1D(int inFeatures, int outFeatures) : base(nameof(Conv1D))
    {
        // A Parameter joins the active dispose scope; a module's weights must outlive it.
        weight = (Parameter)new Parameter(normal(0, 0.02, [inFeatures, outFeatures])).DetachFromDisposeScope();
        bias = (Parameter)new Parameter(zeros(outFeatures)).DetachFromDisposeScope();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => addmm(bias, x.reshape(-1, x.shape[^1]), weight, 1, 1)
        .view([.. x.shape[..^1], weight.shape[1]]);
}

/// <summary>The keys and values of positions already seen, one per block, for incremental decoding.</summary>
public sealed class KeyValueCache : IDisposable
{
    private readonly (Tensor K, Tensor V)?[] layers;

    public KeyValueCache(int layerCount) => layers = new (Tensor, Tensor)?[layerCount];

    public long Length => layers[0]?.K.shape[2] ?? 0;

    public (Tensor K, Tensor V) Append(int layer, Tensor k, Tensor v) // (B, h, T, d/h) -> (B, h, P+T, d/h)
    {
        if (layers[layer] is var (pk, pv))
        {
            (k, v) = (cat([pk, k], 2), cat([pv, v], 2));
            pk.Dispose(); pv.Dispose();
        }
        else (k, v) = (k.alias(), v.alias());
        layers[layer] = (k.DetachFromDisposeScope(), v.DetachFromDisposeScope());
        return (k, v);
    }

    public void Dispose()
    {
        foreach (var entry in layers) if (entry is var (k, v)) { k.Dispose(); v.Dispose(); }
    }
}

public sealed class Gpt2Attention : Module<Tensor, Tensor, Tensor>
{
    private readonly Conv1D c_attn, c_proj;
    private readonly Dropout resid_dropout;
    private readonly int heads, index;
    private readonly double attnDropout;

    public Gpt2Attention(Gpt2Config c, int layerIndex) : base(nameof(Gpt2Attention))
    {
        c_attn = new Conv1D(c.NEmbd, 3 * c.NEmbd);
        c_proj = new Conv1D(c.NEmbd, c.NEmbd);
        resid_dropout = Dropout(c.ResidPdrop);
        heads = c.NHead;
        index = layerIndex;
        attnDropout = c.AttnPdrop;
        RegisterComponents();
    }

    public KeyValueCache? Cache { get; set; }

    public override Tensor forward(Tensor x, Tensor keep) // x (B, T, d), keep (B, 1, T, P+T)
    {
        using var scope = NewDisposeScope();
        var (b, t, d) = (x.shape[0], x.shape[1], x.shape[2]);
        Tensor Split(Tensor y) => y.view(b, t, heads, d / heads).transpose(1, 2); // (B, h, T, d/h)
        var qkv = c_attn.call(x).split(d, 2);
        var (q, k, v) = (Split(qkv[0]), Split(qkv[1]), Split(qkv[2]));
        if (Cache is not null) (k, v) = Cache.Append(index, k, v); // (B, h, P+T, d/h)
        var y = F.scaled_dot_product_attention(q, k, v, attn_mask: keep, p: training ? attnDropout : 0.0);
        y = y.transpose(1, 2).contiguous().view(b, t, d); // (B, T, d)
        return resid_dropout.call(c_proj.call(y)).MoveToOuterDisposeScope();
    }
}

public sealed class Gpt2Mlp : Module<Tensor, Tensor>
{
    public readonly Conv1D c_fc, c_proj;
    private readonly Dropout dropout;

    public Gpt2Mlp(Gpt2Config c) : base("GPT2MLP")
    {
        c_fc = new Conv1D(c.NEmbd, c.Inner);
        c_proj = new Conv1D(c.Inner, c.NEmbd);
        dropout = Dropout(c.ResidPdrop);
        RegisterComponents();
        FeedForward = new PatchableFeedForward(c_fc, c_proj, Activations.Parse(c.ActivationFunction), c.Inner, c.NEmbd, CPU);
    }

    public PatchableFeedForward FeedForward { get; }

    public override Tensor forward(Tensor q)
    {
        using var y = FeedForward.Forward(q);
        return dropout.call(y);
    }
}

public sealed class Gpt2Block : Module<Tensor, Tensor, Tensor>
{
    private readonly LayerNorm ln_1, ln_2;
    public readonly Gpt2Attention attn;
    public readonly Gpt2Mlp mlp;

    public Gpt2Block(Gpt2Config c, int layerIndex) : base("GPT2Block")
    {
        ln_1 = LayerNorm(c.NEmbd, c.LayerNormEpsilon);
        attn = new Gpt2Attention(c, layerIndex);
        ln_2 = LayerNorm(c.NEmbd, c.LayerNormEpsilon);
        mlp = new Gpt2Mlp(c);
        RegisterComponents();
    }

    /// <summary>x + attn(ln_1(x)): the residual stream entering the FFN, and the FFN query q = ln_2 of it.</summary>
    public (Tensor Residual, Tensor Query) Attend(Tensor x, Tensor keep)
    {
        using var normed = ln_1.call(x);
        using var attended = attn.call(normed, keep);
        var residual = x + attended;
        return (residual, ln_2.call(residual));
    }

    public override Tensor forward(Tensor x, Tensor keep)
    {
        using var scope = NewDisposeScope();
        var (residual, q) = Attend(x, keep);
        return (residual + mlp.call(q)).MoveToOuterDisposeScope();
    }
}

public sealed class Gpt2Model : Module<Tensor, Tensor, Tensor>
{
    public readonly Embedding wte, wpe;
    private readonly Dropout drop;
    public readonly ModuleList<Gpt2Block> h;
    public readonly LayerNorm ln_f;

    public Gpt2Model(Gpt2Config c) : base("GPT2Model")
    {
        wte = Embedding(c.VocabSize, c.NEmbd);
        wpe = Embedding(c.NPositions, c.NEmbd);
        drop = Dropout(c.EmbdPdrop);
        h = new ModuleList<Gpt2Block>(Enumerable.Range(0, c.NLayer).Select(i => new Gpt2Block(c, i)).ToArray());
        ln_f = LayerNorm(c.NEmbd, c.LayerNormEpsilon);
        RegisterComponents();
    }

    /// <summary>Embeds new tokens and runs the first <paramref name="layers"/> blocks. (B, T) -> (B, T, d)</summary>
    public Tensor RunLayers(Tensor inputIds, Tensor positions, Tensor keep, int layers)
    {
        using var scope = NewDisposeScope();
        var x = drop.call(wte.call(inputIds) + wpe.call(positions));
        for (var i = 0; i < layers; i++) x = h[i].call(x, keep);
        return x.MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var (positions, keep) = CausalMask.PositionsAndMask(attentionMask, 0);
        return ln_f.call(RunLayers(inputIds, positions, keep, h.Count)).MoveToOuterDisposeScope();
    }
}

/// <summary>GPT-2 with its (tied) language-model head: the generative question-answering model.</summary>
public sealed class Gpt2LMHeadModel : Module<Tensor, Tensor, Tensor>, IPatchableModel
{
    public readonly Gpt2Model transformer;
    private readonly Linear lm_head;

    public Gpt2LMHeadModel(Gpt2Config config) : base("GPT2LMHeadModel")
    {
        Config = config;
        transformer = new Gpt2Model(config);
        lm_head = Linear(config.NEmbd, config.VocabSize, hasBias: false);
        RegisterComponents();
        InitializeWeights(config);
        if (config.TieWordEmbeddings) lm_head.weight = transformer.wte.weight!;
    }

    /// <summary>GPT-2's initialisation: N(0, 0.02), residual projections scaled by 1/sqrt(2 n_layer).</summary>
    private void InitializeWeights(Gpt2Config config)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith("wte.weight") || name.EndsWith("wpe.weight")) parameter.normal_(0, 0.02);
            else if (name.EndsWith("c_proj.weight")) parameter.normal_(0, 0.02 / Math.Sqrt(2 * config.NLayer));
        }
    }

    public Gpt2Config Config { get; }
    public PatchableFeedForward LastFeedForward => transformer.h[^1].mlp.FeedForward;

    public override Tensor forward(Tensor inputIds, Tensor attentionMask) // (B, T) -> logits (B, T, V)
    {
        using var hidden = transformer.call(inputIds, attentionMask);
        return lm_head.call(hidden);
    }

    public (Tensor Residual, Tensor Query) ForwardToLastFeedForward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var (positions, keep) = CausalMask.PositionsAndMask(attentionMask, 0);
        var x = transformer.RunLayers(inputIds, positions, keep, transformer.h.Count - 1);
        var (residual, q) = transformer.h[^1].Attend(x, keep);
        return (residual.MoveToOuterDisposeScope(), q.MoveToOuterDisposeScope());
    }

    public Tensor ForwardFromLastFeedForward(Tensor residual, Tensor feedForwardOutput)
    {
        using var scope = NewDisposeScope();
        return lm_head.call(transformer.ln_f.call(residual + feedForwardOutput)).MoveToOuterDisposeScope();
    }

    /// <summary>Greedy decoding with a key/value cache. Prompts are left-padded (mask 0 on pads). -> (B, new) token ids.</summary>
    public long[][] Generate(Tensor inputIds, Tensor attentionMask, int maxNewTokens, int? stopTokenId = null)
    {
        using var cache = new KeyValueCache(transformer.h.Count);
        foreach (var block in transformer.h) block.attn.Cache = cache;
        try
        {
            return GreedyDecoding.Run(inputIds, attentionMask, maxNewTokens, stopTokenId, rereadSequence: false, (tokens, mask) =>
            {
                var (positions, keep) = CausalMask.PositionsAndMask(mask, cache.Length);
                var hidden = transformer.ln_f.call(transformer.RunLayers(tokens, positions, keep, transformer.h.Count));
                return lm_head.call(hidden[.., -1]).argmax(-1); // (B)
            });
        }
        finally
        {
            foreach (var block in transformer.h) block.attn.Cache = null;
        }
    }
}
