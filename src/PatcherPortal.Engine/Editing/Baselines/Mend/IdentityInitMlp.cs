using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.Baselines.Mend;

/// <summary>x + W₂·relu(W₁·x) with W₂ starting at zero: the block computes the identity until trained (MEND's
/// initialisation, so an untrained editor is a normalised gradient step).</summary>
public sealed class IdentityInitMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear down, up;

    public IdentityInitMlp(string name, long size, long hidden) : base(name)
    {
        down = nn.Linear(size, hidden);
        up = nn.Linear(hidden, size);
        using (no_grad())
        {
            up.weight.zero_();
            up.bias!.zero_();
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x + up.call(nn.functional.relu(down.call(x)));
}
