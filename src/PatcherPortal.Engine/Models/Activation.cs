using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace PatcherPortal.Engine.Models;

/// <summary>The feed-forward activations of the supported checkpoints, named as in Hugging Face configs.</summary>
public enum Activation { Gelu, GeluTanh, Relu, Silu }

public static class Activations
{
    public static Tensor Apply(this Activation activation, Tensor x) => activation switch
    {
        Activation.Gelu => F.gelu(x),
        Activation.GeluTanh => F.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        Activation.Relu => F.relu(x),
        Activation.Silu => F.silu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>A patch neuron's activation: act(max(x, 0)). GELU dips to -0.17 at x = -0.75, so a plain GELU patch
    /// pushes inputs just outside its firing region the opposite way of its edit (a fact checker then flips claims
    /// near the edit); at or above 0 it is the layer's own activation.</summary>
    public static Tensor ApplyToPatch(this Activation activation, Tensor x) => activation.Apply(F.relu(x));

    public static Activation Parse(string hiddenAct) => hiddenAct switch
    {
        "gelu" => Activation.Gelu,
        "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => Activation.GeluTanh,
        "relu" => Activation.Relu,
        "silu" or "swish" => Activation.Silu,
        _ => throw new NotSupportedException($"Unsupported activation '{hiddenAct}' (supported: gelu, gelu_new, relu, silu)."),
    };

    public static string ToConfigName(this Activation activation) => activation switch
    {
        Activation.Gelu => "gelu",
        Activation.GeluTanh => "gelu_new",
        Activation.Silu => "silu",
        _ => "relu",
    };
}
