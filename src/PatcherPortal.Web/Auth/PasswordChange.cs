using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace PatcherPortal.Web.Auth;

/// <summary>
/// After an admin sets a temporary password the user carries this claim (an Identity user claim, so it is in their
/// sign-in cookie) until they choose their own password; until then every page leads to the change-password form.
/// </summary>
public static class PasswordChange
{
    public const string Page = "/change-password";
    public static readonly Claim Required = new("portal:must-change-password", "true");

    public static bool MustChangePassword(this ClaimsPrincipal user) => user.HasClaim(Required.Type, Required.Value);

    public static async Task<List<string>> RequireAsync(UserManager<IdentityUser> users, IdentityUser user) =>
        (await users.GetClaimsAsync(user)).Any(c => c.Type == Required.Type)
            ? []
            : await UserAdministration.Check(users.AddClaimAsync(user, Required));

    public static async Task<List<string>> ClearAsync(UserManager<IdentityUser> users, IdentityUser user) =>
        await UserAdministration.Check(users.RemoveClaimsAsync(user, (await users.GetClaimsAsync(user)).Where(c => c.Type == Required.Type)));

    /// <summary>Sends a user who must change their password to the form, except for the form itself, signing out and static files.</summary>
    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (!context.User.MustChangePassword() || path.StartsWithSegments(Page) || path.StartsWithSegments("/account")
            || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || Path.HasExtension(path.Value))
        {
            await next(context);
            return;
        }
        if (path.StartsWithSegments("/api"))
            await Results.Problem($"An admin reset your password: choose a new one at {Page} first.", statusCode: StatusCodes.Status403Forbidden,
                title: "Password change required").ExecuteAsync(context);
        else
            context.Response.Redirect(Page);
    });
}
