using System.Text.Json;
using PatcherPortal.Web.Review.Traffic;

namespace PatcherPortal.Web.Api;

/// <summary>Outputs another serving system produced, to be sampled into the model's review queue. At most
/// <see cref="IngestBatchReader.MaxRows"/> rows; the batch is taken whole or refused whole.</summary>
public sealed record IngestRequest(IReadOnlyList<IngestRowRequest> Rows);

/// <param name="Id">The sender's id of the row (at most 200 characters, unique per model): a row sent again with the same id adds nothing.</param>
/// <param name="Input">What the model was asked, checked like every other input of the API.</param>
/// <param name="Output">What it answered (for a classifier, one of its labels).</param>
/// <param name="Confidence">The serving system's confidence in the output, 0 to 1 (optional; LowestConfidence sampling ranks by it).</param>
/// <param name="Metadata">Any JSON object to keep with the row and show the annotator (optional, at most 4,000 characters).</param>
public sealed record IngestRowRequest(string Id, string Input, string Output, double? Confidence = null, JsonElement? Metadata = null);

/// <summary>What became of a batch: counts per outcome and, per row, its outcome ("Queued", "Folded" into an item already
/// queued for the same input and output, "SampledOut", or "Duplicate": the id was received before) and review item.</summary>
public sealed record IngestResponse(int Received, int Queued, int Folded, int SampledOut, int Duplicates, string Message,
    IReadOnlyList<IngestRowResult> Rows);

public sealed record IngestRowResult(int Row, string Id, string Outcome, int? ReviewItemId);

/// <summary>Why a row of a refused batch is wrong; <c>Row</c> counts from 1.</summary>
public sealed record IngestRowError(int Row, string? Id, string Message);

/// <summary>A page of a model's review queue, in queue order (pending first, newest first), with the total the filters match.</summary>
public sealed record ReviewPageResponse(int Total, int Skip, int Take, IReadOnlyList<ReviewItemResponse> Items);

public sealed record ReviewItemResponse(int Id, string Model, string Input, string Output, string Status, string Source, double? Confidence,
    int Occurrences, JsonElement? Metadata, string? Reference, int ModelVersion, DateTime CreatedAt, string? ReviewedBy, int? CorrectionId);

/// <summary>A model's sampling policy and retention bound (see <see cref="SamplingPolicy"/>).</summary>
public sealed record SamplingPolicyResponse(string Model, SamplingMode Mode, double Rate, int Keep, int? MaxItems, int? MaxAgeDays, string Description);
