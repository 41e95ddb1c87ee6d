using Microsoft.AspNetCore.Identity;

namespace PatcherPortal.Web.Auth;

/// <summary>
/// A disabled account is one locked out for good (Identity's lockout end at the end of time), so sign-in refuses it
/// without a schema change; unlocking and re-enabling both clear the lockout and the count of failed attempts.
/// </summary>
public static class AccountLock
{
    public static bool IsDisabled(IdentityUser user) => user.LockoutEnd > DateTimeOffset.UtcNow.AddYears(100);

    public static async Task<List<string>> DisableAsync(UserManager<IdentityUser> users, IdentityUser user)
    {
        if (IsDisabled(user)) return [$"{user.Email} is already disabled."];
        var errors = await UserAdministration.Check(users.SetLockoutEnabledAsync(user, true));
        return errors.Count > 0 ? errors : await UserAdministration.Check(users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
    }

    public static async Task<List<string>> OpenAsync(UserManager<IdentityUser> users, IdentityUser user)
    {
        var errors = await UserAdministration.Check(users.SetLockoutEndDateAsync(user, null));
        return errors.Count > 0 ? errors : await UserAdministration.Check(users.ResetAccessFailedCountAsync(user));
    }
}
