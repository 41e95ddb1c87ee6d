using PatcherPortal.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Patching;

/// <summary>
/// A position-wise feed-forward layer FFN(q) = act(q·K + b_k)·V + b_v seen as key/value memories, plus its
/// patches: FFN_p(q) = FFN(q) + act(max(q·k_p + b_p, 0))·v_p (see <see cref="Activations.ApplyToPatch"/>). The key
/// and value projections stay owned (and named) by the architecture's own modules. A gated layer (SwiGLU:
/// act(q·K) ⊙ (q·U)·V) passes its up projection as <paramref name="gate"/>; its patches are ungated neurons.
/// </summary>
public sealed class PatchableFeedForward(nn.Module<Tensor, Tensor> key, nn.Module<Tensor, Tensor> value, Activation activation, long width, long modelDimension, Device device,
    nn.Module<Tensor, Tensor>? gate = null)
{
    public Activation Activation { get; } = activation;
    public long Width { get; } = width;
    public long ModelDimension { get; } = modelDimension;
    public PatchBank Patches { get; } = new(activation, device, () => (Weight(key), Weight(value)));

    private static Tensor Weight(nn.Module module) =>
        module.named_parameters(recurse: false).Single(p => p.name == "weight").parameter;

    /// <summary>The frozen layer without its patches. (..., d) -> (..., d)</summary>
    public Tensor ForwardBase(Tensor q)
    {
        using var hidden = Activation.Apply(key.call(q)); // (..., m)
        if (gate is null) return value.call(hidden);
        using var up = gate.call(q);
        using var gated = hidden * up;
        return value.call(gated);
    }

    public Tensor Forward(Tensor q)
    {
        var output = ForwardBase(q);
        if (Patches.Count == 0) return output;
        if (q.dtype == ScalarType.Float32) using (output) return Patches.AddTo(q, output);
        // A model kept in half precision on a GPU: patches train and apply in float32.
        using var scope = NewDisposeScope();
        using (output) return Patches.AddTo(q.to(ScalarType.Float32), output.to(ScalarType.Float32)).to(q.dtype).MoveToOuterDisposeScope();
    }
}
