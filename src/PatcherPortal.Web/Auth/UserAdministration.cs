using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Auth;

public sealed record UserRow(string Id, string Email, bool IsAdmin, bool LockedOut, bool Disabled, bool MustChangePassword);

/// <summary>
/// Admins invite people, change their role, disable, re-enable and unlock accounts and set a temporary password.
/// Every change is audited and renews the user's security stamp, which ends the sessions they have open.
/// </summary>
public sealed class UserAdministration(UserManager<IdentityUser> users, AccountSetup accounts, IDbContextFactory<PortalDbContext> databases)
{
    public async Task<List<UserRow>> ListAsync()
    {
        var admins = (await users.GetUsersInRoleAsync(Roles.Admin)).Select(u => u.Id).ToHashSet();
        var mustChange = (await users.GetUsersForClaimAsync(PasswordChange.Required)).Select(u => u.Id).ToHashSet();
        var all = await users.Users.OrderBy(u => u.Email).ToListAsync();
        return all.Select(u => new UserRow(u.Id, u.Email ?? u.UserName ?? "", admins.Contains(u.Id),
            !AccountLock.IsDisabled(u) && u.LockoutEnd > DateTimeOffset.UtcNow, AccountLock.IsDisabled(u), mustChange.Contains(u.Id))).ToList();
    }

    public async Task<List<string>> CreateAsync(string email, string password, string role, string actor)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password)) return ["Enter an e-mail and a password."];
        var errors = await accounts.CreateUserAsync(email, password, role);
        if (errors.Count > 0) return errors;
        await AuditAsync(actor, "user.created", email.Trim(), null, $"role {role}");
        return [];
    }

    public Task<List<string>> SetRoleAsync(string userId, string role, string actor, string? reason) =>
        ChangeAsync(userId, actor, reason, "user.role-changed", $"role {role}", async user =>
        {
            if (!Roles.All.Contains(role)) return [$"Unknown role '{role}'."];
            var isAdmin = await users.IsInRoleAsync(user, Roles.Admin);
            if (isAdmin == (role == Roles.Admin)) return [$"{user.Email} is already {role}."];
            if (isAdmin) return await Check(users.RemoveFromRoleAsync(user, Roles.Admin));
            // An admin is also an annotator (see AccountSetup.CreateUserAsync).
            var missing = await users.IsInRoleAsync(user, Roles.Annotator) ? [Roles.Admin] : Roles.All;
            return await Check(users.AddToRolesAsync(user, missing));
        }, guardSelf: "change your own role");

    public Task<List<string>> DisableAsync(string userId, string actor, string? reason) =>
        ChangeAsync(userId, actor, reason, "user.disabled", null, user => AccountLock.DisableAsync(users, user),
            guardSelf: "disable your own account");

    public Task<List<string>> EnableAsync(string userId, string actor, string? reason) =>
        ChangeAsync(userId, actor, reason, "user.enabled", null, user => AccountLock.OpenAsync(users, user));

    public Task<List<string>> UnlockAsync(string userId, string actor, string? reason) =>
        ChangeAsync(userId, actor, reason, "user.unlocked", null, user => AccountLock.OpenAsync(users, user));

    /// <summary>Sets a temporary password that the user must replace at their next sign-in.</summary>
    public Task<List<string>> ResetPasswordAsync(string userId, string temporaryPassword, string actor, string? reason) =>
        ChangeAsync(userId, actor, reason, "user.password-reset", "must change it at next sign-in", async user =>
        {
            if (string.IsNullOrEmpty(temporaryPassword)) return ["Enter a temporary password."];
            var reset = await Check(users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), temporaryPassword));
            if (reset.Count > 0) return reset;
            return await PasswordChange.RequireAsync(users, user);
        });

    private async Task<List<string>> ChangeAsync(string userId, string actor, string? reason, string action, string? details,
        Func<IdentityUser, Task<List<string>>> change, string? guardSelf = null)
    {
        if (await users.FindByIdAsync(userId) is not { } user) return ["That user no longer exists."];
        if (guardSelf is not null && string.Equals(user.Email, actor, StringComparison.OrdinalIgnoreCase))
            return [$"You cannot {guardSelf}; ask another admin."];
        var errors = await change(user);
        if (errors.Count > 0) return errors;
        await users.UpdateSecurityStampAsync(user);
        await AuditAsync(actor, action, user.Email ?? user.UserName ?? userId, reason, details);
        return [];
    }

    private async Task AuditAsync(string actor, string action, string subject, string? reason, string? details)
    {
        await using var db = await databases.CreateDbContextAsync();
        Audit.Audit.Record(db, actor, action, subject, reason, details);
        await db.SaveChangesAsync();
    }

    internal static async Task<List<string>> Check(Task<IdentityResult> operation) =>
        (await operation).Errors.Select(e => e.Description).ToList();
}
