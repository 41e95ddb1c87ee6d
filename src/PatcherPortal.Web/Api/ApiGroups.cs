using PatcherPortal.Web.Auth;

namespace PatcherPortal.Web.Api;

/// <summary>The one way the API's route groups are set up: errors as problem details, signed-in annotators (or admins),
/// the API's rate limit, and no antiforgery token (clients send an API key or a cookie, not a form).</summary>
public static class ApiGroups
{
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string prefix = "/api", string policy = Policies.Annotator) =>
        app.MapGroup(prefix).AddEndpointFilter<ApiErrors>().RequireAuthorization(policy).WithTags("Patcher Portal")
            .DisableAntiforgery().RequireRateLimiting(ApiRateLimits.Policy);

    /// <summary>Routes about one model, under <c>/api/models/{model}</c>.</summary>
    public static RouteGroupBuilder MapModelApiGroup(this IEndpointRouteBuilder app, string under = "") =>
        app.MapApiGroup("/api/models/{model}" + under);
}
