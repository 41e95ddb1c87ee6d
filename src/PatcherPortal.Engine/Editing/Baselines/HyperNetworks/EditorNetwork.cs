using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.Baselines.HyperNetworks;

/// <summary>
/// A trained editor: maps an edit's gradient on the last feed-forward layer to an update of that layer. Both kinds step
/// by a learned rate per matrix, kept as log(rate)/<see cref="RateScale"/> so Adam moves it a useful distance per step.
/// </summary>
public abstract class EditorNetwork : nn.Module
{
    private const double RateScale = 10;
    private readonly TorchSharp.Modules.Parameter logRates;

    protected EditorNetwork(string name, double initialRate) : base(name)
    {
        logRates = nn.Parameter(full(2, Math.Log(initialRate) / RateScale));
        register_parameter("log_rates", logRates);
    }

    public abstract string Kind { get; }

    /// <summary>The update the editor makes for an edit with these gradient factors.</summary>
    public WeightUpdate Update(GradientFactors factors)
    {
        var (key, value) = Directions(factors);
        var rates = (logRates * RateScale).exp();
        return new WeightUpdate(-rates[0] * key, -rates[1] * value);
    }

    /// <summary>The directions (d, m) and (m, d) the layer's key and value move against, before the learned rates.</summary>
    protected abstract (Tensor Key, Tensor Value) Directions(GradientFactors factors);

    /// <summary>What editing statistics the network keeps up to date while it trains (MEND's input normalisation).</summary>
    public virtual void Observe(GradientFactors factors) { }
}
