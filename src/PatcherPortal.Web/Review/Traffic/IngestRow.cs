namespace PatcherPortal.Web.Review.Traffic;

/// <summary>A checked row of ingested traffic; <c>Row</c> is its place in the batch, from 1.</summary>
public sealed record IngestRow(int Row, string ClientId, string Input, string Output, double? Confidence, string? Metadata);
