using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PatcherPortal.Web.Api;

namespace PatcherPortal.Web.Infrastructure;

public static class ApiSetup
{
    public static WebApplicationBuilder AddPortalApi(this WebApplicationBuilder builder)
    {
        builder.Services.ThrowOnUnreadableRequests();
        builder.Services.AddApiRateLimits();
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Patcher Portal API";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthenticationHandler.Header,
                Description = "An API key created on the Admin page.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [] });
            return Task.CompletedTask;
        }).Describe());
        return builder;
    }

    public static WebApplication MapApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapPortalApi();
        app.MapModelsApi();
        app.MapReviewApi();
        ModelData.ModelDataApi.MapModelDataApi(app);
        app.MapNeighboursApi();
        return app;
    }
}
