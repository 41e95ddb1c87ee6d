using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Auth;

public sealed record UserRow(string Id, string Email, bool IsAdmin, bool LockedOut);

/// <summary>Admins invite annotators (and other admins); every change is audited.</summary>
public sealed class UserAdministration(UserManager<IdentityUser> users, AccountSetup accounts, IDbContextFactory<PortalDbContext> databases)
{
    public async Task<List<UserRow>> ListAsync()
    {
        var admins = (await users.GetUsersInRoleAsync(Roles.Admin)).Select(u => u.Id).ToHashSet();
        var all = await users.Users.OrderBy(u => u.Email).ToListAsync();
        return all.Select(u => new UserRow(u.Id, u.Email ?? u.UserName ?? "", admins.Contains(u.Id), u.LockoutEnd > DateTimeOffset.UtcNow)).ToList();
    }

    public async Task<List<string>> CreateAsync(string email, string password, string role, string actor)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password)) return ["Enter an e-mail and a password."];
        var errors = await accounts.CreateUserAsync(email, password, role);
        if (errors.Count > 0) return errors;
        await using var db = await databases.CreateDbContextAsync();
        Audit.Audit.Record(db, actor, "user.created", email.Trim(), details: $"role {role}");
        await db.SaveChangesAsync();
        return [];
    }
}
