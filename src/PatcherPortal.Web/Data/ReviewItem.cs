namespace PatcherPortal.Web.Data;

public enum ReviewStatus { Pending, Correct, WrongCorrected, Skipped }

public enum ReviewSource { Playground, Api, Import, Ingest }

/// <summary>A model output waiting for (or given) an annotator's verdict.</summary>
public sealed class ReviewItem
{
    private string input = "";

    public int Id { get; set; }
    public required string Model { get; set; }
    public required string Input { get => input; set { input = value; InputKey = Review.ReviewText.Key(value); } }
    /// <summary>The input as duplicates are recognised by (<see cref="Review.ReviewText.Key"/>): an output already queued for the
    /// same key is counted in <see cref="Occurrences"/> instead of queued again.</summary>
    public string? InputKey { get; set; }
    public required string Output { get; set; }
    /// <summary>The serving system's confidence in the output (0 to 1), when it sent one.</summary>
    public double? Confidence { get; set; }
    /// <summary>What the serving system sent along with an ingested output (a JSON object), shown to the annotator as text.</summary>
    public string? Metadata { get; set; }
    /// <summary>How many times the model gave this output to this input in the traffic folded into this item.</summary>
    public int Occurrences { get; set; } = 1;
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
