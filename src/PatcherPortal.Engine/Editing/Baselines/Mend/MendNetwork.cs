using PatcherPortal.Engine.Editing.Baselines.HyperNetworks;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.Baselines.Mend;

/// <summary>
/// MEND (Mitchell et al., ICLR 2022): one gradient network per edited matrix (the last feed-forward layer's key and
/// value) turns the rank-1 factors of the edit's gradient into a rank-N update, stepped by a learned rate per matrix.
/// </summary>
public sealed class MendNetwork : EditorNetwork
{
    public const string KindName = "mend";
    private readonly MendMatrix key, value;

    public MendNetwork(long modelDimension, long width, long hidden = 256, double initialRate = 1e-3) : base("mend", initialRate)
    {
        key = new MendMatrix("key", modelDimension, width, hidden);
        value = new MendMatrix("value", width, modelDimension, hidden);
        RegisterComponents();
    }

    public override string Kind => KindName;

    public override void Observe(GradientFactors factors)
    {
        key.Observe(factors.KeyInput, factors.KeyDelta);
        value.Observe(factors.ValueInput, factors.ValueDelta);
    }

    protected override (Tensor Key, Tensor Value) Directions(GradientFactors factors) =>
        (key.Direction(factors.KeyInput, factors.KeyDelta), value.Direction(factors.ValueInput, factors.ValueDelta));
}
