namespace PatcherPortal.Engine.Editing;

/// <summary>Where an edit's patches stand after a training step, and whether training stops there.</summary>
/// <param name="Corrected">The clean edit gets its target (eq. 14).</param>
/// <param name="NoisyCopiesCorrected">The repeated, noisy copies of the edit get it too.</param>
/// <param name="LeastEditActivation">The smallest pre-activation of a patch on its own query (min A).</param>
/// <param name="SilentOnMemory">Every patch stays below β on every memory query (eq. 15).</param>
/// <param name="SilentOnOwnPositions">Every generation patch stays below 0 on the edit's other answer rows (true when untied).</param>
/// <param name="MaxContrastiveActivation">The largest pre-activation on a contrastive input (-∞ without them).</param>
public sealed record PatchState(bool Corrected, bool NoisyCopiesCorrected, double LeastEditActivation, bool SilentOnMemory,
    bool SilentOnOwnPositions, double MaxContrastiveActivation)
{
    /// <summary>The paper's rule: the constraints of section 4.2 hold, the edit is corrected (eq. 14), every patch fires
    /// on its query (eq. 12, with <see cref="PatcherOptions.MinEditActivation"/> 0) and is silent on the memory (eq. 15).
    /// The additions each add a rule when switched on: the noisy copies corrected too
    /// (<see cref="PatcherOptions.StopWhenRobust"/>), a firing margin (<see cref="PatcherOptions.MinEditActivation"/>
    /// above 0), silence on the edit's other positions (<see cref="PatcherOptions.TiePatchesToPositions"/>) and below 0
    /// on the contrastive inputs (<see cref="PatcherOptions.ContrastiveNegatives"/>).</summary>
    public bool Done(PatcherOptions options) =>
        Corrected && SilentOnMemory && LeastEditActivation > options.MinEditActivation
        && (!options.StopWhenRobust || NoisyCopiesCorrected)
        && SilentOnOwnPositions
        && MaxContrastiveActivation < 0;
}
