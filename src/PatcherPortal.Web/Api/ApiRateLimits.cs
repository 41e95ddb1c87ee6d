using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.Web.Api;

/// <summary>
/// Each API caller (key, signed-in user, or else address) gets Portal:RateLimit:PermitLimit requests per
/// Portal:RateLimit:Window; beyond that a 429 with Retry-After, so one busy client cannot starve the models.
/// </summary>
public static class ApiRateLimits
{
    public const string Policy = "api";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services) => services.AddRateLimiter(options =>
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(Policy, context =>
        {
            var limit = context.RequestServices.GetRequiredService<IOptions<PortalOptions>>().Value.RateLimit;
            return RateLimitPartition.GetFixedWindowLimiter(Caller(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0,
            });
        });
        options.OnRejected = async (context, cancellation) =>
        {
            var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Results.Problem($"Too many requests: try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests)
                .ExecuteAsync(context.HttpContext);
        };
    });

    private static string Caller(HttpContext context) =>
        context.User.FindFirstValue("api_key_id") is { } key ? $"key:{key}"
        : context.User.Identity?.IsAuthenticated == true ? $"user:{context.User.Identity.Name}"
        : $"address:{context.Connection.RemoteIpAddress}";
}
