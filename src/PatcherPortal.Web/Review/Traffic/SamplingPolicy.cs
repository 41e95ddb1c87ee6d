using System.Text.Json.Serialization;

namespace PatcherPortal.Web.Review.Traffic;

[JsonConverter(typeof(JsonStringEnumConverter<SamplingMode>))]
public enum SamplingMode { All, Rate, LowestConfidence }

/// <summary>
/// What of a model's ingested traffic reaches its review queue, and how long the queue keeps what nobody decided on.
/// <c>All</c> queues every row; <c>Rate</c> a fraction of the rows, chosen by their ids (a row sent again is chosen again);
/// <c>LowestConfidence</c> the <c>Keep</c> rows of each batch the serving system was least sure of (rows without a confidence
/// come last). Outputs already queued for the same input are counted on their item, never queued twice.
/// Retention: at most <c>MaxItems</c> items and none older than <c>MaxAgeDays</c>; items with a verdict or a correction are never removed.
/// </summary>
public sealed record SamplingPolicy(SamplingMode Mode = SamplingMode.All, double Rate = 1, int Keep = 0, int? MaxItems = null, int? MaxAgeDays = null)
{
    public static readonly SamplingPolicy Default = new();

    /// <summary>Why the policy cannot be used, or null.</summary>
    public string? Problem() => this switch
    {
        { Mode: SamplingMode.Rate, Rate: <= 0 or > 1 or double.NaN } => "With the Rate mode, rate is the fraction of rows to queue: more than 0, at most 1.",
        { Mode: SamplingMode.LowestConfidence, Keep: < 1 } => "With the LowestConfidence mode, keep is how many rows of each batch to queue: at least 1.",
        { MaxItems: < 1 } => "maxItems is at least 1 (or null: no bound).",
        { MaxAgeDays: < 1 } => "maxAgeDays is at least 1 (or null: no bound).",
        _ => null,
    };

    public string Describe() => Mode switch
    {
        SamplingMode.Rate => $"{Rate:P0} of the rows, chosen by id",
        SamplingMode.LowestConfidence => $"the {Keep} lowest-confidence rows of each batch",
        _ => "every row",
    } + (MaxItems is { } max ? $"; at most {max:N0} items" : "") + (MaxAgeDays is { } days ? $"; undecided items expire after {days} days" : "");
}
