using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.AspNetCore.WebUtilities;

namespace PatcherPortal.Web.Api;

/// <summary>
/// Every API error is an RFC 7807 problem whose detail says what to do. The responses that the framework would send
/// without a body (no or a wrong key, a role too low, an unknown route, a wrong method, a body too large or not JSON)
/// get one here; a 503 (a model not in service yet) says when to try again.
/// </summary>
public static class ApiProblems
{
    public const string Description = "/openapi/v1.json";
    /// <summary>The largest body the API reads: a correction with ten paraphrases at the length limit is ~30 KB.</summary>
    public const int MaxBodyBytes = 64 * 1024;
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) => app.UseWhen(IsApi, api => api
        .UseStatusCodePages(pages => ExplainAsync(pages.HttpContext))
        .Use(LimitBodyAsync));

    private static Task ExplainAsync(HttpContext context)
    {
        // The static-file fallback route also matches any GET, so routing answers 404 where the path exists for other methods.
        if (context.Response.StatusCode == StatusCodes.Status404NotFound && AllowedMethods(context) is { Count: > 0 } allowed)
            (context.Response.StatusCode, context.Response.Headers.Allow) = (StatusCodes.Status405MethodNotAllowed, string.Join(", ", allowed));
        return Problem(context, context.Response.StatusCode, Explain(context)).ExecuteAsync(context);
    }

    private static List<string> AllowedMethods(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        return context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/") == true
                        && new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText), []).TryMatch(path, []))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Distinct().ToList();
    }

    public static IResult Problem(HttpContext context, int status, string detail, string? title = null)
    {
        if (status == StatusCodes.Status503ServiceUnavailable)
            context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Results.Problem(detail, statusCode: status, title: title);
    }

    public static string TooLarge(long? length) =>
        $"The request body is {(length is { } bytes ? $"{bytes:N0} bytes" : "too large")}; the API reads at most {MaxBodyBytes / 1024} KB. " +
        "Send one question or correction per request.";

    private static string Explain(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status401Unauthorized => context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header)
            ? $"The API key in the {ApiKeyAuthenticationHandler.Header} header is unknown or revoked; ask an admin for a new one (Admin page, API keys)."
            : $"Send an API key in the {ApiKeyAuthenticationHandler.Header} header (an admin creates keys on the Admin page), or sign in.",
        StatusCodes.Status403Forbidden => "This operation needs the admin role, and this key or account is an annotator's; use an admin's key or account.",
        StatusCodes.Status404NotFound => $"There is no API operation {context.Request.Method} {context.Request.Path}; the operations are listed in {Description}.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Path} does not take {context.Request.Method}" +
            (context.Response.Headers.Allow is { Count: > 0 } allow ? $"; use {allow}." : $"; see {Description}."),
        StatusCodes.Status413PayloadTooLarge => TooLarge(context.Request.ContentLength),
        StatusCodes.Status415UnsupportedMediaType => RequestShapes.SendJson(context),
        StatusCodes.Status503ServiceUnavailable => $"The service is not ready; try again in {RetryAfter.TotalSeconds:0} s.",
        var status => $"The request failed ({ReasonPhrases.GetReasonPhrase(status)}); see {Description} for how to call this operation.",
    };

    /// <summary>A declared length over the limit is refused before anything is read; an undeclared one stops at the limit.
    /// An operation that takes batches or archives declares its own limit (request size metadata) and checks it itself.</summary>
    private static Task LimitBodyAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is not null) return next(context);
        if (context.Request.ContentLength > MaxBodyBytes)
            return Problem(context, StatusCodes.Status413PayloadTooLarge, TooLarge(context.Request.ContentLength)).ExecuteAsync(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
        if (context.Request.ContentLength is null) context.Request.Body = new LimitedBody(context.Request.Body, MaxBodyBytes);
        return next(context);
    }
}
