using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace PatcherPortal.Engine.Models;

/// <summary>The feed-forward activations of the supported checkpoints, named as in Hugging Face configs.</summary>
public enum Activation { Gelu, GeluTanh, Relu }

public static class Activations
{
    public static Tensor Apply(this Activation activation, Tensor x) => activation switch
    {
        Activation.Gelu => F.gelu(x),
        Activation.GeluTanh => F.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        Activation.Relu => F.relu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    public static Activation Parse(string hiddenAct) => hiddenAct switch
    {
        "gelu" => Activation.Gelu,
        "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => Activation.GeluTanh,
        "relu" => Activation.Relu,
        _ => throw new NotSupportedException($"Unsupported activation '{hiddenAct}' (supported: gelu, gelu_new, relu)."),
    };

    public static string ToConfigName(this Activation activation) => activation switch
    {
        Activation.Gelu => "gelu",
        Activation.GeluTanh => "gelu_new",
        _ => "relu",
    };
}
