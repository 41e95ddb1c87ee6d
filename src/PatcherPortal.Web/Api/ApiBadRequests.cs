namespace PatcherPortal.Web.Api;

/// <summary>
/// A body that is not JSON, not UTF-8, or lacks a required field gets a 400 problem saying what could not be read
/// (minimal APIs would otherwise answer an empty 400 outside development).
/// </summary>
public static class ApiBadRequests
{
    public static IServiceCollection ThrowOnUnreadableRequests(this IServiceCollection services) =>
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

    public static IApplicationBuilder UseApiBadRequests(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException error) when (!context.Response.HasStarted)
        {
            var detail = error.InnerException is { } inner ? $"{error.Message} {inner.Message}" : error.Message;
            await Results.Problem($"{detail} Send a UTF-8 JSON body (Content-Type: application/json).", statusCode: error.StatusCode,
                title: "The request could not be read").ExecuteAsync(context);
        }
    });
}
