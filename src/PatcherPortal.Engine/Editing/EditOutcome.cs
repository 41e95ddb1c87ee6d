using PatcherPortal.Engine.Patching;

namespace PatcherPortal.Engine.Editing;

public enum EditStatus { Fixed, AlreadyCorrect, Failed }

/// <summary>What an edit did. Patches are only those added to the model (none when the edit failed).</summary>
public sealed record EditOutcome(EditStatus Status, TimeSpan Duration, int Steps, string Message)
{
    public IReadOnlyList<Patch> Patches { get; init; } = [];
    public IReadOnlyList<PatchStatistics> PatchStatistics { get; init; } = [];
    public double FinalLoss { get; init; }
    /// <summary>What the patches were trained towards (null unless fixed): see <see cref="EditBounds"/>.</summary>
    public EditBounds? Bounds { get; init; }
    /// <summary>For an edit that failed because the input's own wrong tokens outnumber its patch limit: how many there are.</summary>
    public int? PatchesNeeded { get; init; }
}

/// <summary>A patch's pre-activation on its own edit query vs the largest one over the memory (the paper's table 4); null
/// when the memory was empty (a model without data or traffic yet): there was nothing to stay silent on.</summary>
public sealed record PatchStatistics(Guid PatchId, int Row, double EditActivation, double? MaxMemoryActivation);

/// <summary>The pre-activations an edit's patches are trained towards: above <paramref name="Edit"/> on their own edit
/// (<see cref="PatcherOptions.MinEditActivation"/>) and below <paramref name="Memory"/> (β) on every memory query.</summary>
public sealed record EditBounds(double Edit, double Memory)
{
    /// <summary>The memory was empty, so the patches were checked against no other input: silence was not measured.</summary>
    public bool MemoryEmpty { get; init; }
}
