using PatcherPortal.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Patching;

/// <summary>
/// A position-wise feed-forward layer FFN(q) = act(q·K + b_k)·V + b_v seen as key/value memories, plus its
/// patches: FFN_p(q) = FFN(q) + act(max(q·k_p + b_p, 0))·v_p (see <see cref="Activations.ApplyToPatch"/>). The key
/// and value projections stay owned (and named) by the architecture's own modules.
/// </summary>
public sealed class PatchableFeedForward(nn.Module<Tensor, Tensor> key, nn.Module<Tensor, Tensor> value, Activation activation, long width, long modelDimension, Device device)
{
    public Activation Activation { get; } = activation;
    public long Width { get; } = width;
    public long ModelDimension { get; } = modelDimension;
    public PatchBank Patches { get; } = new(activation, device);

    /// <summary>The frozen layer without its patches. (..., d) -> (..., d)</summary>
    public Tensor ForwardBase(Tensor q)
    {
        using var hidden = Activation.Apply(key.call(q)); // (..., m)
        return value.call(hidden);
    }

    public Tensor Forward(Tensor q)
    {
        var output = ForwardBase(q);
        if (Patches.Count == 0) return output;
        using (output) return Patches.AddTo(q, output);
    }
}
