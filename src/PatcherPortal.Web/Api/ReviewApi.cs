using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Review;
using PatcherPortal.Web.Review.Traffic;

namespace PatcherPortal.Web.Api;

/// <summary>Live traffic in (outputs another serving system produced), the review queue page by page, and each model's sampling policy.</summary>
public static class ReviewApi
{
    public static void MapReviewApi(this WebApplication app)
    {
        var api = app.MapModelApiGroup();
        api.MapPost("/ingest", IngestAsync).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(IngestBatchReader.MaxBytes)).Accepts<IngestRequest>("application/json").Produces<IngestResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary($"Send outputs another serving system produced (at most {IngestBatchReader.MaxRows:N0} rows, 4 MB): the model's sampling " +
                         "policy picks which reach its review queue. Idempotent by each row's id. A batch with a wrong row is refused whole " +
                         "(400, its 'errors' list the rows and why) and nothing is stored.");
        api.MapGet("/review", PageAsync)
            .WithSummary($"The model's review queue, filtered and paged in the database: status, source, search (input or output), " +
                         $"minConfidence / maxConfidence, version; skip and take (at most {ReviewService.MaxTake}). Returns the total too.");
        api.MapGet("/review/policy", async (string model, ModelRegistry registry, SamplingPolicies policies) =>
            ToResponse(registry.Resolve(model).Name, await policies.GetAsync(registry.Resolve(model).Name)))
            .WithSummary("The model's sampling policy (what ingested traffic reaches its queue) and retention bound.");
        api.MapPut("/review/policy", async (string model, SamplingPolicy policy, ClaimsPrincipal user, ModelRegistry registry, SamplingPolicies policies) =>
            {
                var name = registry.Resolve(model).Name;
                return ToResponse(name, await policies.SetAsync(name, policy, user.Actor()));
            }).RequireAuthorization(Policies.Admin)
            .WithSummary("Set the model's sampling policy: mode All, Rate (rate: 0-1, chosen by row id) or LowestConfidence (keep: rows per batch); " +
                         "maxItems / maxAgeDays bound the queue (items with a verdict or correction are kept).");
    }

    private static async Task<IResult> IngestAsync(string model, HttpRequest http, ModelRegistry registry, TrafficIngest ingest, CancellationToken cancellation)
    {
        var served = registry.Resolve(model);
        if (http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = IngestBatchReader.MaxBytes;
        if (http.ContentLength > IngestBatchReader.MaxBytes) return TooLarge($"The batch is {http.ContentLength:N0} bytes; the limit is {IngestBatchReader.MaxBytes:N0}.");
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Body, cancellationToken: cancellation);
            body = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            throw new ArgumentException($"The batch is not valid JSON: {error.Message}", error);
        }
        List<IngestRow> rows;
        List<IngestRowError> errors;
        try
        {
            (rows, errors) = IngestBatchReader.Read(body, served);
        }
        catch (BatchTooLargeException tooLarge)
        {
            return TooLarge(tooLarge.Message);
        }
        if (errors.Count > 0)
            return Results.Problem($"{errors.Count:N0} of {errors.Count + rows.Count:N0} rows are wrong; nothing was stored. Fix them and send the batch again.",
                statusCode: StatusCodes.Status400BadRequest, title: "The batch was refused", extensions: new Dictionary<string, object?> { ["errors"] = errors });
        return Results.Ok(await ingest.IngestAsync(served, rows, cancellation));
    }

    private static IResult TooLarge(string message) =>
        Results.Problem(message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "The batch is too large");

    private static async Task<ReviewPageResponse> PageAsync(string model, ModelRegistry registry, ReviewService queue, ReviewStatus? status = null,
        ReviewSource? source = null, string? search = null, double? minConfidence = null, double? maxConfidence = null, int? version = null,
        int skip = 0, int take = ReviewService.PageSize)
    {
        var filter = new ReviewFilter(registry.Resolve(model).Name, status, version, search, source, minConfidence, maxConfidence);
        var page = await queue.PageAsync(filter, skip, take);
        return new ReviewPageResponse(page.Total, page.Skip, page.Take, page.Items.Select(ToResponse).ToList());
    }

    private static ReviewItemResponse ToResponse(ReviewItem i) => new(i.Id, i.Model, i.Input, i.Output, i.Status.ToString(), i.Source.ToString(),
        i.Confidence, i.Occurrences, i.Metadata is null ? null : JsonSerializer.Deserialize<JsonElement>(i.Metadata), i.Reference, i.ModelVersion,
        i.CreatedAt, i.ReviewedBy, i.CorrectionId);

    private static SamplingPolicyResponse ToResponse(string model, SamplingPolicy p) =>
        new(model, p.Mode, p.Rate, p.Keep, p.MaxItems, p.MaxAgeDays, p.Describe());
}
