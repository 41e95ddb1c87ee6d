namespace PatcherPortal.Web.Data;

/// <summary>Unmarked until someone looks: intended (a paraphrase of the edit, its new answer is right) or a regression
/// (its old answer was right; a retrain keeps it).</summary>
public enum NeighbourVerdict { Unmarked, Intended, Regression }

/// <summary>
/// A known input near a correction whose answer its candidate patches changed: the answer before and after, the patch
/// firing hardest on it and that patch's pre-activation. <see cref="Retrain"/> is the correction's training it came from
/// (0 the first job); a regression stays with the correction as an input every later training keeps.
/// </summary>
public sealed class NeighbourChange
{
    public int Id { get; set; }
    public int CorrectionId { get; set; }
    public int Retrain { get; set; }
    public required string Input { get; set; }
    public required string Before { get; set; }
    public required string After { get; set; }
    public Guid? PatchId { get; set; }
    public double? PreActivation { get; set; }
    public NeighbourVerdict Verdict { get; set; }
    public string? MarkedBy { get; set; }
    public DateTime? MarkedAt { get; set; }
}
