using Microsoft.Extensions.Options;

namespace PatcherPortal.Web.Infrastructure;

/// <summary>"Portal:Faults": pauses where crash tests kill the process and load benchmarks slow training down.
/// Unset (no pause) unless configured.</summary>
public sealed class FaultOptions
{
    public const string Section = "Portal:Faults";

    /// <summary>A pause after every training step of a patch job.</summary>
    public TimeSpan? TrainingStepPause { get; set; }
    /// <summary>A pause between writing a model version's patch file under its temporary name and renaming it.</summary>
    public TimeSpan? VersionRenamePause { get; set; }
}

/// <summary>The configured pauses, each announced in the log so a test knows where the process is.</summary>
public sealed class FaultPoints(IOptions<FaultOptions> options, ILogger<FaultPoints> logger)
{
    public void TrainingStep(int correctionId, int step) =>
        Pause(options.Value.TrainingStepPause, $"training step {step} of correction #{correctionId}");

    public void BeforeVersionRename(string temporary) => Pause(options.Value.VersionRenamePause, $"before renaming {temporary}");

    private void Pause(TimeSpan? pause, string where)
    {
        if (pause is not { } length || length <= TimeSpan.Zero) return;
        logger.LogWarning("Fault point: pausing {Pause} at {Where}", length, where);
        Thread.Sleep(length);
    }
}
