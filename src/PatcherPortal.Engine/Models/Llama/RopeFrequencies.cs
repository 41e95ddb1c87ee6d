namespace PatcherPortal.Engine.Models.Llama;

/// <summary>The rotation speeds θ_i = rope_theta^(-2i/e) of rotary embeddings, rescaled as rope_scaling asks.</summary>
public static class RopeFrequencies
{
    public static float[] Inverse(LlamaConfig config)
    {
        var e = config.HeadDim;
        var inverse = Enumerable.Range(0, e / 2).Select(i => 1.0 / Math.Pow(config.RopeTheta, 2.0 * i / e)).ToArray();
        var scaling = config.RopeScaling;
        var scaled = scaling?.Kind switch
        {
            null or "default" => inverse,
            "linear" => inverse.Select(f => f / scaling.Factor).ToArray(),
            "llama3" => inverse.Select(f => Llama3(f, scaling)).ToArray(),
            var other => throw new NotSupportedException($"rope_scaling type '{other}' is not supported (supported: llama3, linear)."),
        };
        return scaled.Select(f => (float)f).ToArray();
    }

    /// <summary>Llama 3.1's rescaling: long wavelengths slow down by the factor, short ones stay, the band between blends.</summary>
    private static double Llama3(double frequency, RopeScaling s)
    {
        var wavelength = 2 * Math.PI / frequency;
        var lowFrequencyWavelength = s.OriginalMaxPositionEmbeddings / s.LowFreqFactor;
        var highFrequencyWavelength = s.OriginalMaxPositionEmbeddings / s.HighFreqFactor;
        if (wavelength < highFrequencyWavelength) return frequency;
        if (wavelength > lowFrequencyWavelength) return frequency / s.Factor;
        var smooth = (s.OriginalMaxPositionEmbeddings / wavelength - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
        return (1 - smooth) * frequency / s.Factor + smooth * frequency;
    }
}
