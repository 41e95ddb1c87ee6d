namespace PatcherPortal.Web.Data;

public enum ReviewStatus { Pending, Correct, WrongCorrected, Skipped }

public enum ReviewSource { Playground, Api, Import }

/// <summary>A model output waiting for (or given) an annotator's verdict.</summary>
public sealed class ReviewItem
{
    public int Id { get; set; }
    public required string Model { get; set; }
    public required string Input { get; set; }
    public required string Output { get; set; }
    /// <summary>A reference answer supplied with an imported row, shown to the annotator as a hint.</summary>
    public string? Reference { get; set; }
    public int ModelVersion { get; set; }
    public ReviewSource Source { get; set; }
    public ReviewStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public int? CorrectionId { get; set; }
    public Correction? Correction { get; set; }
}
