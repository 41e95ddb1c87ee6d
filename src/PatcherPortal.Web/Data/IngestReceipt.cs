namespace PatcherPortal.Web.Data;

public enum IngestOutcome { Queued, Folded, SampledOut }

/// <summary>A row of ingested traffic as received, by the id its sender gave it: a row sent again is recognised and adds nothing,
/// whatever sampling did with it the first time.</summary>
public sealed class IngestReceipt
{
    public long Id { get; set; }
    public required string Model { get; set; }
    public required string ClientId { get; set; }
    public IngestOutcome Outcome { get; set; }
    /// <summary>The review item the row became or was folded into; null when it was sampled out (or the item has since expired).</summary>
    public int? ReviewItemId { get; set; }
    public DateTime ReceivedAt { get; set; }
}
