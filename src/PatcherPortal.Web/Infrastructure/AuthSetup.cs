using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Infrastructure;

public static class AuthSetup
{
    private static readonly string[] Schemes = [IdentityConstants.ApplicationScheme, ApiKeyAuthenticationHandler.SchemeName];

    public static WebApplicationBuilder AddPortalIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddIdentity<IdentityUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddDefaultTokenProviders();
        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/login";
            options.AccessDeniedPath = "/access-denied";
            options.Cookie.Name = "PatcherPortal.Auth";
            options.Events.OnRedirectToLogin = context => ApiAware(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => ApiAware(context, StatusCodes.Status403Forbidden);
        });
        // Every request checks the cookie's security stamp against the database, so ending a user's sessions
        // (UserSessions) takes effect at once on every node, for copies of the cookie too.
        builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
        builder.Services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        builder.Services.AddScoped<UserSessions>();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            // With both schemes, a key holder who calls an unknown API route or the wrong method learns so (404, 405).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(Schemes).RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Annotator, policy => policy.AddAuthenticationSchemes(Schemes).RequireRole(Roles.Annotator, Roles.Admin))
            .AddPolicy(Policies.Admin, policy => policy.AddAuthenticationSchemes(Schemes).RequireRole(Roles.Admin));
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AccountSetup>();
        builder.Services.AddScoped<UserAdministration>();
        return builder;
    }

    /// <summary>API callers get a status code; browsers get the login or access-denied page.</summary>
    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
