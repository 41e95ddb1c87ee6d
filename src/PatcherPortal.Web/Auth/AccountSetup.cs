using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.Web.Auth;

/// <summary>Roles, the first admin (from configuration or the first-run page) and user accounts.</summary>
public sealed class AccountSetup(UserManager<IdentityUser> users, RoleManager<IdentityRole> roles, IOptions<PortalOptions> options,
    ILogger<AccountSetup> logger)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
    }

    public async Task<bool> AdminExistsAsync() => (await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0;

    /// <summary>Creates the configured admin if it does not exist yet; never changes an existing account's password.</summary>
    public async Task SeedConfiguredAdminAsync()
    {
        await EnsureRolesAsync();
        var (email, password) = (options.Value.Admin.Email, options.Value.Admin.Password);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password))
        {
            if (!await AdminExistsAsync()) logger.LogWarning("No admin yet: set Portal:Admin:Email and Portal:Admin:Password, or open /setup.");
            return;
        }
        if (await users.FindByEmailAsync(email) is not null) return;
        var errors = await CreateUserAsync(email, password, Roles.Admin);
        if (errors.Count > 0) logger.LogError("The configured admin could not be created: {Errors}", string.Join(" ", errors));
    }

    /// <summary>Creates a user; an admin also has the annotator role. Returns the reasons it failed, if it did.</summary>
    public async Task<List<string>> CreateUserAsync(string email, string password, string role)
    {
        if (!Roles.All.Contains(role)) return [$"Unknown role '{role}'."];
        var user = new IdentityUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return created.Errors.Select(e => e.Description).ToList();
        await users.AddToRolesAsync(user, role == Roles.Admin ? Roles.All : [Roles.Annotator]);
        return [];
    }
}
