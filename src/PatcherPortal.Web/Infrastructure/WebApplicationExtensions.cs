using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Components;
using PatcherPortal.Web.Hosting;

namespace PatcherPortal.Web.Infrastructure;

public static class WebApplicationExtensions
{
    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        // Routing again after the status-code pages, so their re-execution of /not-found finds the portal's page.
        app.UseRouting();
        app.UseApiProblems();
        app.UseSecurityHeaders();
        app.UseUnreadableRequests();
        app.UseAuthentication();
        app.UsePasswordChangeGate();
        app.UseAuthorization();
        // After authorization, which has authenticated the API key: each key is limited on its own.
        app.UseRateLimiter();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).AllowAnonymous().ExcludeFromDescription();
        // What this node does and which version of each model it serves (0 until loaded): how an operator (or the
        // scale-out test) sees that every node caught up.
        app.MapGet("/health/models", (ModelRegistry registry) => Results.Ok(new
        {
            role = registry.Options.Role.ToString().ToLowerInvariant(),
            models = registry.All.ToDictionary(m => m.Name, m => m.IsReady ? m.Version : 0),
        })).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>Several web nodes may start at once: one at a time creates the roles and the configured admin.</summary>
    public static async Task SeedAccountsAsync(this WebApplication app)
    {
        using var held = await app.Services.GetRequiredService<ClusterLock>().AcquireAsync("accounts", TimeSpan.FromMinutes(1));
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountSetup>().SeedConfiguredAdminAsync();
    }

    public static WebApplication MapAccounts(this WebApplication app)
    {
        app.MapAccountEndpoints();
        return app;
    }

    public static WebApplication MapPortalUi(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        // SecurityHeaders already forbids all framing; Blazor's own header would only add a second, weaker one ('self').
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
