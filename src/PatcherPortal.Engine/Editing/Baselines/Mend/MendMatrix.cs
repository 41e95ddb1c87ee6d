using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.Baselines.Mend;

/// <summary>MEND's gradient network g for one matrix: (u, δ) per row -> (ũ, δ̃), and the pseudo-gradient Σ ũᵀδ̃.</summary>
public sealed class MendMatrix : nn.Module
{
    private readonly long inputSize;
    private readonly RunningNormalization normalization;
    private readonly Sequential blocks;

    public MendMatrix(string name, long inputSize, long deltaSize, long hidden, int depth = 2) : base(name)
    {
        this.inputSize = inputSize;
        var size = inputSize + deltaSize;
        normalization = new RunningNormalization("normalization", size);
        blocks = nn.Sequential(Enumerable.Range(0, depth)
            .Select(i => ($"{i}", (nn.Module<Tensor, Tensor>)new IdentityInitMlp($"block{i}", size, Math.Min(hidden, size)))));
        RegisterComponents();
    }

    public void Observe(Tensor input, Tensor delta)
    {
        using var rows = cat([input, delta], 1);
        normalization.Observe(rows);
    }

    /// <summary>(in, out) pseudo-gradient from N rows of u (in) and δ (out).</summary>
    public Tensor Direction(Tensor input, Tensor delta)
    {
        var mapped = blocks.call(normalization.call(cat([input, delta], 1)));
        return mapped[.., ..(int)inputSize].t().matmul(mapped[.., (int)inputSize..]);
    }
}
