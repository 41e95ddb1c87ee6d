using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Patching;

/// <summary>
/// The two things a patch neuron must do besides fixing its edit (the paper's activation and memory constraints): fire on
/// its edit (pre-activation above 0) and stay silent on every other input it was checked against (below 0 on the memory).
/// A patch that fires on the memory as well may change answers it was never meant to touch.
/// </summary>
public static class PatchConstraints
{
    public static bool FiresOnEdit(PatchRecord patch) => patch.EditActivation > 0;

    public static bool SilentElsewhere(PatchRecord patch) => patch.MaxMemoryActivation < 0;

    public static bool Held(IEnumerable<PatchRecord> patches) => patches.All(p => FiresOnEdit(p) && SilentElsewhere(p));

    /// <summary>Why the edit's patches do not fire on it, or null when they all do.</summary>
    public static string? FiringProblem(IReadOnlyCollection<PatchRecord> edit) => Sentences(edit, FiresOnEdit, (patch, name) =>
        $"{name} barely fires on this edit (pre-activation {patch.EditActivation:F2}; it should be above 0).");

    /// <summary>Which of the edit's patches fire on other inputs too, or null when none does.</summary>
    public static string? MemoryProblem(IReadOnlyCollection<PatchRecord> edit) => Sentences(edit, SilentElsewhere, (patch, name) =>
        $"{name} also fires on another input: its largest pre-activation on the memory is {patch.MaxMemoryActivation:F2} (it should stay below 0)"
        + (patch.MaxMemoryActivation >= patch.EditActivation
            ? $", as strong as on this edit ({patch.EditActivation:F2}). It may change answers it was not meant to."
            : $", against {patch.EditActivation:F2} on this edit. It may change other answers."));

    private static string? Sentences(IReadOnlyCollection<PatchRecord> edit, Func<PatchRecord, bool> holds, Func<PatchRecord, string, string> problem)
    {
        var broken = edit.Where(p => !holds(p)).OrderBy(p => p.Index).ToList();
        return broken.Count == 0 ? null
            : string.Join(" ", broken.Select(p => problem(p, edit.Count == 1 ? "The patch" : $"Patch {p.Index + 1} of {edit.Count}")));
    }
}
