using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.Baselines.Mend;

/// <summary>
/// Standardises MEND's inputs by the mean and variance of every row seen in training (MEND section 3.1: the gradient
/// factors differ by orders of magnitude between matrices and rows). Frozen once the editor is trained.
/// </summary>
public sealed class RunningNormalization : nn.Module<Tensor, Tensor>
{
    private readonly Tensor count, mean, squares;

    public RunningNormalization(string name, long size) : base(name)
    {
        count = zeros(1);
        mean = zeros(size);
        squares = zeros(size);
        register_buffer("count", count);
        register_buffer("mean", mean);
        register_buffer("squares", squares);
    }

    /// <summary>Merges a batch (N, size) into the statistics (Chan et al.'s parallel variance).</summary>
    public void Observe(Tensor rows)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var n = rows.shape[0];
        var total = count + n;
        var batchMean = rows.mean([0]);
        var delta = batchMean - mean;
        squares.add_((rows - batchMean).pow(2).sum(0) + delta.pow(2) * count * n / total);
        mean.add_(delta * n / total);
        count.copy_(total);
    }

    public override Tensor forward(Tensor rows)
    {
        var variance = count.item<float>() > 1 ? squares / (count - 1) : ones_like(squares);
        return (rows - mean) / (variance + 1e-12).sqrt();
    }
}
