using Microsoft.AspNetCore.Antiforgery;
using PatcherPortal.Web.Api;

namespace PatcherPortal.Web.Infrastructure;

/// <summary>
/// A request whose body cannot be read (not JSON, not UTF-8, a required field missing, a form without its
/// antiforgery token, a route value that is not an id) gets a 400 saying why: a problem for the API (see
/// <see cref="RequestShapes"/>), a line of text for a form. Outside development minimal APIs would answer an empty
/// 400, and the error page would turn the exception into a 500.
/// </summary>
public static class UnreadableRequests
{
    public const string StaleForm = "The form has expired or did not come from this site; reload the page and try again.";

    public static IServiceCollection ThrowOnUnreadableRequests(this IServiceCollection services) =>
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

    public static IApplicationBuilder UseUnreadableRequests(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException error) when (!context.Response.HasStarted)
        {
            var result = ApiProblems.IsApi(context)
                ? ApiProblems.Problem(context, error.StatusCode, RequestShapes.Unreadable(context, error), "The request could not be read")
                : Results.Text(error.InnerException is AntiforgeryValidationException ? StaleForm : error.Message, statusCode: error.StatusCode);
            await result.ExecuteAsync(context);
        }
    });
}
