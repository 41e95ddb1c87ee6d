namespace PatcherPortal.Web.Consolidation;

public enum ConsolidationStatus { Queued, Running, Accepted, Refused, Failed }

/// <summary>One attempt to fold a model's live patches into its base: what it folded in, how the candidate compared
/// with the patched model, and the version it made (or why it made none).</summary>
public sealed class ConsolidationRun
{
    public int Id { get; set; }
    public required string Model { get; set; }
    public required string RequestedBy { get; set; }
    public bool Scheduled { get; set; }
    public DateTime QueuedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public ConsolidationStatus Status { get; set; }
    public int FromVersion { get; set; }
    public int? ToVersion { get; set; }
    /// <summary>Corrections whose edits the new base answers by itself; their patches retired.</summary>
    public List<int> FoldedCorrections { get; set; } = [];
    public int KeptEdits { get; set; }
    public int RetrainedEdits { get; set; }
    public int UnfixedEdits { get; set; }
    public int PatchesBefore { get; set; }
    public int PatchesAfter { get; set; }
    public long ParametersBefore { get; set; }
    public long ParametersAfter { get; set; }
    public double? ErBefore { get; set; }
    public double? ErAfter { get; set; }
    public double? GrBefore { get; set; }
    public double? GrAfter { get; set; }
    public double? TrainRBefore { get; set; }
    public double? TrainRAfter { get; set; }
    public double? TestRBefore { get; set; }
    public double? TestRAfter { get; set; }
    public int TrainingSteps { get; set; }
    public double DurationSeconds { get; set; }
    /// <summary>Why the candidate was refused or the run failed.</summary>
    public string? Reason { get; set; }

    public bool Finished => Status is ConsolidationStatus.Accepted or ConsolidationStatus.Refused or ConsolidationStatus.Failed;
}
