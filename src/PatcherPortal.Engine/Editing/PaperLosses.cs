using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace PatcherPortal.Engine.Editing;

/// <summary>
/// The patch training loss of Transformer-Patcher (Huang et al., ICLR 2023, section 4.2 and appendix A), term by term:
/// l_p = l_e + a·l_a + m·(l_m1 + l_m2) (eq. 19). Pre-activations are q·k_p + b_p; A holds each patch's on its own query.
/// </summary>
public static class PaperLosses
{
    /// <summary>Past this, exp(v) continues along its tangent: float32 overflows at 88.7, and a clamp would leave the
    /// worst violators, the ones the loss is for, without gradient.</summary>
    public const double ExpCeiling = 60;

    /// <summary>l_e = L(y_e, p_e) (eq. 14): the task's own loss, cross-entropy over the edit's rows.</summary>
    public static Tensor Edit(Tensor logits, Tensor targets) => F.cross_entropy(logits, targets);

    /// <summary>l_a = S(-A; k_a) (eq. 30): every patch fires on its own query.</summary>
    public static Tensor Activation(Tensor editActivation, int topK) => S(-editActivation, topK);

    /// <summary>l_m1 = S(M·k_p + b_p - β; k) (eq. 16): silent (at most β) on the memory. <paramref name="memoryActivation"/>
    /// is (M, n).</summary>
    public static Tensor Memory1(Tensor memoryActivation, double beta, int topK) => S(memoryActivation - beta, topK);

    /// <summary>l_m2 = S(M·k_p + b_p - A + γ; k): each patch fires on its own query at least γ above any memory query.
    /// Eq. 31 prints "- A - γ", but the prose around eq. 18 asks the edit's activation to exceed the memory's "by a
    /// margin γ", which is this sign; with γ = 3 for GELU the printed one would let the memory sit 3 above the edit.</summary>
    public static Tensor Memory2(Tensor memoryActivation, Tensor editActivation, double gamma, int topK) =>
        S(memoryActivation - editActivation + gamma, topK);

    /// <summary>S(v; k) = Avg[TopK(exp(v); k)] (eq. 17) over all of v's elements; exp is monotone, so select first.
    /// An empty v gives 0.</summary>
    public static Tensor S(Tensor values, int topK)
    {
        var flat = values.flatten();
        var count = Math.Min(topK, (int)flat.shape[0]);
        return count == 0 ? zeros(1, device: values.device).sum() : Exp(flat.topk(count).values).mean();
    }

    /// <summary>exp(v) up to <see cref="ExpCeiling"/>, then its tangent there: the same value and gradient below it, a
    /// finite value and a gradient of e^60 (Adam's step does not depend on its size) above.</summary>
    public static Tensor Exp(Tensor v) => v.clamp_max(Ceiling).exp() * (F.relu(v - Ceiling) + One);

    // Held for the process's life: a Scalar made implicitly for one call can be finalized while libtorch still reads it.
    private static readonly TorchSharp.Scalar Ceiling = TorchSharp.ScalarExtensionMethods.ToScalar(ExpCeiling);
    private static readonly TorchSharp.Scalar One = TorchSharp.ScalarExtensionMethods.ToScalar(1.0);
}
