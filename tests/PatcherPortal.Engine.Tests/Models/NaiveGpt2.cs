using PatcherPortal.Engine.Models.Gpt2;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Models;

/// <summary>A from-the-formulas GPT-2 forward pass over a state dict: explicit softmax attention, no cache.</summary>
public static class NaiveGpt2
{
    public static Tensor Logits(Gpt2LMHeadModel model, Tensor ids) // (1, T) -> (T, V)
    {
        var c = model.Config;
        var w = model.state_dict();
        Tensor P(string name) => w["transformer." + name];
        Tensor Norm(Tensor x, string name) => nn.functional.layer_norm(x, [c.NEmbd], P(name + ".weight"), P(name + ".bias"), c.LayerNormEpsilon);
        var t = ids.shape[1];
        var x = P("wte.weight").index_select(0, ids[0]) + P("wpe.weight")[..(int)t];            // (T, d)
        var headSize = c.NEmbd / c.NHead;
        for (var l = 0; l < c.NLayer; l++)
        {
            var h = $"h.{l}.";
            var qkv = Norm(x, h + "ln_1").matmul(P(h + "attn.c_attn.weight")) + P(h + "attn.c_attn.bias"); // (T, 3d)
            var heads = new List<Tensor>();
            for (var head = 0; head < c.NHead; head++)
            {
                Tensor Slice(int part) => qkv[.., (part * c.NEmbd + head * headSize)..(part * c.NEmbd + (head + 1) * headSize)];
                var scores = Slice(0).matmul(Slice(1).t()) / Math.Sqrt(headSize);               // (T, T)
                var future = ones(t, t).triu(1).to(@bool);
                heads.Add(scores.masked_fill(future, double.NegativeInfinity).softmax(-1).matmul(Slice(2)));
            }
            x = x + cat(heads, 1).matmul(P(h + "attn.c_proj.weight")) + P(h + "attn.c_proj.bias");
            var inner = Norm(x, h + "ln_2").matmul(P(h + "mlp.c_fc.weight")) + P(h + "mlp.c_fc.bias");
            var gelu = 0.5 * inner * (1 + tanh(Math.Sqrt(2 / Math.PI) * (inner + 0.044715 * inner.pow(3))));
            x = x + gelu.matmul(P(h + "mlp.c_proj.weight")) + P(h + "mlp.c_proj.bias");
        }
        return Norm(x, "ln_f").matmul(P("wte.weight").t());
    }

    public static long[] GreedyGenerate(Gpt2LMHeadModel model, long[] prompt, int newTokens)
    {
        var sequence = prompt.ToList();
        for (var i = 0; i < newTokens; i++)
            sequence.Add(Logits(model, tensor(sequence.ToArray()).unsqueeze(0))[-1].argmax().item<long>());
        return sequence.Skip(prompt.Length).ToArray();
    }
}
