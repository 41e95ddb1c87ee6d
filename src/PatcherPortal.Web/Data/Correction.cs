namespace PatcherPortal.Web.Data;

public enum CorrectionStatus { Queued, Training, Fixed, AlreadyCorrect, Failed }

/// <summary>An annotator's (or a service's) fix for a wrong output, and what its patch job made of it.</summary>
public sealed class Correction
{
    public int Id { get; set; }
    public required string Model { get; set; }
    public int? ReviewItemId { get; set; }
    public required string Input { get; set; }
    public required string WrongOutput { get; set; }
    public required string Target { get; set; }
    public List<string> Paraphrases { get; set; } = [];
    /// <summary>Most patches the edit may add (one per wrong answer token); null: the configured limit. An admin raises it to retry.</summary>
    public int? PatchLimit { get; set; }
    public required string Author { get; set; }
    public DateTime CreatedAt { get; set; }
    public CorrectionStatus Status { get; set; }
    public string? JobId { get; set; }
    public int TrainedOnVersion { get; set; }
    public int Steps { get; set; }
    public double FinalLoss { get; set; }
    public double DurationSeconds { get; set; }
    public string? Message { get; set; }
    /// <summary>The edit's result (answers before and after), as JSON: see <see cref="Patching.EditReport"/>.</summary>
    public string? ReportJson { get; set; }
    public List<PatchRecord> Patches { get; set; } = [];
    /// <summary>How often its candidate was trained again keeping neighbours marked as regressions (0: never).</summary>
    public int Retrains { get; set; }
    /// <summary>Neighbours whose answers its candidates changed, from every training (see <see cref="NeighbourChange.Retrain"/>).</summary>
    public List<NeighbourChange> Neighbours { get; set; } = [];
}
