using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PatcherPortal.Web.Api;

/// <summary>Authenticates API calls carrying an "X-Api-Key" header; the key's role becomes the caller's role. Keys open the API only, not the pages.</summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, ApiKeys keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Path.StartsWithSegments("/api")) return AuthenticateResult.NoResult();
        if (!Request.Headers.TryGetValue(Header, out var values) || values.ToString() is not { Length: > 0 } secret)
            return AuthenticateResult.NoResult();
        var key = await keys.FindAsync(secret);
        if (key is null) return AuthenticateResult.Fail("Unknown or revoked API key.");
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"api:{key.Name}"), new Claim(ClaimTypes.Role, key.Role), new Claim("api_key_id", key.Id.ToString())],
            SchemeName);
        if (key.Role == Auth.Roles.Admin) identity.AddClaim(new Claim(ClaimTypes.Role, Auth.Roles.Annotator));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    // Without a key, the sign-in cookie's handler answers alone (a redirect for pages, a status code for the API).
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        HasKey ? base.HandleChallengeAsync(properties) : Task.CompletedTask;

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        HasKey ? base.HandleForbiddenAsync(properties) : Task.CompletedTask;

    private bool HasKey => Request.Path.StartsWithSegments("/api") && Request.Headers.ContainsKey(Header);
}
