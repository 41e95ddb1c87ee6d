using PatcherPortal.Engine.Editing;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Patching;

/// <summary>
/// The two things a patch neuron must do besides fixing its edit (the paper's activation and memory constraints): fire on
/// its edit and stay silent on every other input it was checked against, judged by the bounds the editor trained it
/// towards. An edit that ran out of steps can answer right and still break them; such a patch may change answers it was
/// never meant to touch.
/// </summary>
public static class PatchConstraints
{
    /// <summary>For reports from before the bounds were recorded: the sign of the pre-activation.</summary>
    public static readonly EditBounds Unknown = new(0, 0);

    public static EditBounds BoundsOf(Correction correction) => BoundsOf(EditReport.FromJson(correction.ReportJson));

    public static EditBounds BoundsOf(EditReport? report) => report?.Bounds ?? Unknown;

    /// <remarks>A weight delta (MEND, KE) is no neuron: neither constraint applies to it.</remarks>
    public static bool FiresOnEdit(PatchRecord patch, EditBounds bounds) => !IsNeuron(patch) || patch.EditActivation > bounds.Edit;

    public static bool SilentElsewhere(PatchRecord patch, EditBounds bounds) =>
        !IsNeuron(patch) || bounds.MemoryEmpty || patch.MaxMemoryActivation < bounds.Memory;

    private static bool IsNeuron(PatchRecord patch) => patch.Kind == Engine.Patching.PatchKind.Neuron;

    /// <summary>The patch's largest pre-activation on the memory as shown, or a dash when the memory was empty.</summary>
    public static string MemoryFigure(PatchRecord patch, EditBounds bounds) => bounds.MemoryEmpty ? "—" : patch.MaxMemoryActivation.ToString("F2");

    public static bool Held(IEnumerable<PatchRecord> patches, EditBounds bounds) =>
        patches.All(p => FiresOnEdit(p, bounds) && SilentElsewhere(p, bounds));

    /// <summary>Which of the edit's patches fire too weakly on it, or null when none does.</summary>
    public static string? FiringProblem(IReadOnlyCollection<PatchRecord> edit, EditBounds bounds) =>
        Sentences(edit, p => FiresOnEdit(p, bounds), (patch, name) =>
            $"{name} fires only weakly on this edit (pre-activation {patch.EditActivation:F2}; the editor aims for above {bounds.Edit:0.##}).");

    /// <summary>Which of the edit's patches are not silent on other inputs, or null when all are.</summary>
    public static string? MemoryProblem(IReadOnlyCollection<PatchRecord> edit, EditBounds bounds) =>
        Sentences(edit, p => SilentElsewhere(p, bounds), (patch, name) =>
            $"{name} is not silent on other inputs: its largest pre-activation on the memory is {patch.MaxMemoryActivation:F2} (it should stay below {bounds.Memory:0.##})"
            + (patch.MaxMemoryActivation >= patch.EditActivation
                ? $", as strong as on this edit ({patch.EditActivation:F2}). It may change answers it was not meant to."
                : ". It may change other answers."));

    private static string? Sentences(IReadOnlyCollection<PatchRecord> edit, Func<PatchRecord, bool> holds, Func<PatchRecord, string, string> problem)
    {
        var broken = edit.Where(p => !holds(p)).OrderBy(p => p.Index).ToList();
        return broken.Count == 0 ? null
            : string.Join(" ", broken.Select(p => problem(p, edit.Count == 1 ? "The patch" : $"Patch {p.Index + 1} of {edit.Count}")));
    }
}
