using PatcherPortal.Engine.Editing.Baselines.HyperNetworks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.Baselines.Ke;

/// <summary>
/// KnowledgeEditor (De Cao et al., EMNLP 2021): an encoder of the edit (where the input sits at the layer and which way its
/// output must move, see <see cref="GradientFactors.Condition"/>) conditions a constrained update of the last
/// feed-forward layer's key and value.
/// </summary>
public sealed class KeNetwork : EditorNetwork
{
    public const string KindName = "ke";
    private readonly LayerNorm encoder;
    private readonly ConditionedUpdate key, value;

    public KeNetwork(long modelDimension, long width, long hidden = 128, double initialRate = 1e-3) : base("ke", initialRate)
    {
        var condition = 2 * modelDimension;
        encoder = nn.LayerNorm(condition);
        key = new ConditionedUpdate("key", condition, modelDimension, width, hidden);
        value = new ConditionedUpdate("value", condition, width, modelDimension, hidden);
        RegisterComponents();
    }

    public override string Kind => KindName;

    protected override (Tensor Key, Tensor Value) Directions(GradientFactors factors)
    {
        var condition = encoder.call(factors.Condition);
        return (key.Direction(condition, factors.KeyGradient), value.Direction(condition, factors.ValueGradient));
    }
}
