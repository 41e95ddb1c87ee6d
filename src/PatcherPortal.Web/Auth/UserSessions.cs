using Microsoft.AspNetCore.Identity;

namespace PatcherPortal.Web.Auth;

/// <summary>
/// Ends every sign-in of a user, on every web node: the sign-in cookie carries the user's security stamp, which is
/// checked against the database on each request (and every few seconds in an open Blazor circuit), so changing the
/// stamp makes every cookie issued before it worthless, copies included. Call it on sign-out, a role change, a
/// password reset and when an account is disabled.
/// </summary>
public sealed class UserSessions(UserManager<IdentityUser> users)
{
    public async Task EndAllAsync(IdentityUser user)
    {
        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    public async Task EndAllAsync(string userId)
    {
        if (await users.FindByIdAsync(userId) is { } user) await EndAllAsync(user);
    }
}
