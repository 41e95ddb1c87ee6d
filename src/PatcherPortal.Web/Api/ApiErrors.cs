using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Web.Hosting;

namespace PatcherPortal.Web.Api;

/// <summary>Turns the services' exceptions into problem responses with their message.</summary>
public sealed class ApiErrors : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception error) when (Status(error) is { } status)
        {
            return ApiProblems.Problem(context.HttpContext, status, error.Message);
        }
    }

    private static int? Status(Exception error) => error switch
    {
        ArgumentException => StatusCodes.Status400BadRequest,
        KeyNotFoundException => StatusCodes.Status404NotFound,
        UnauthorizedAccessException => StatusCodes.Status403Forbidden,
        ModelUnavailableException => StatusCodes.Status503ServiceUnavailable,
        InvalidOperationException => StatusCodes.Status409Conflict,
        // A damaged or unwritable data file: the change was not made and the model serves as before.
        CheckpointException or IOException => StatusCodes.Status500InternalServerError,
        _ => null,
    };
}
