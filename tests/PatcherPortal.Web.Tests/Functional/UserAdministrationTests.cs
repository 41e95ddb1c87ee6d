using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>An admin changes roles, disables, re-enables, unlocks and resets passwords; each is audited and renews the security stamp.</summary>
public sealed partial class UserAdministrationTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    private const string NewPassword = "Chosen-Pass1";
    private const string TemporaryPassword = "Temporary-Pass1";

    public Task InitializeAsync() => portal.ReadyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Changing_a_role_takes_effect_renews_the_security_stamp_and_is_audited()
    {
        var (id, email) = await NewAnnotatorAsync();
        var stamp = await StampAsync(id);

        Assert.Empty(await Admin(s => s.SetRoleAsync(id, Roles.Admin, TestPortal.AdminEmail, "runs the night shift")));

        Assert.True(Assert.Single((await Admin(s => s.ListAsync())).Where(u => u.Id == id)).IsAdmin);
        Assert.NotEqual(stamp, await StampAsync(id));
        await AssertAuditedAsync("user.role-changed", email, "runs the night shift");
        Assert.Empty(await Admin(s => s.SetRoleAsync(id, Roles.Annotator, TestPortal.AdminEmail, null)));
        var row = Assert.Single((await Admin(s => s.ListAsync())).Where(u => u.Id == id));
        Assert.False(row.IsAdmin);
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.True(await users.IsInRoleAsync((await users.FindByIdAsync(id))!, Roles.Annotator));
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_until_an_admin_re_enables_it()
    {
        var (id, email) = await NewAnnotatorAsync();
        var stamp = await StampAsync(id);

        Assert.Empty(await Admin(s => s.DisableAsync(id, TestPortal.AdminEmail, "left the team")));

        Assert.NotEqual(stamp, await StampAsync(id));
        Assert.Contains("disabled", await SignInErrorAsync(email, TestPortal.Password));
        Assert.DoesNotContain("disabled", await SignInErrorAsync(email, "not-the-password"));
        Assert.True(Assert.Single((await Admin(s => s.ListAsync())).Where(u => u.Id == id)).Disabled);
        await AssertAuditedAsync("user.disabled", email, "left the team");

        Assert.Empty(await Admin(s => s.EnableAsync(id, TestPortal.AdminEmail, "back")));
        Assert.Null(await SignInErrorAsync(email, TestPortal.Password));
        await AssertAuditedAsync("user.enabled", email, "back");
    }

    [Fact]
    public async Task An_account_locked_by_failed_attempts_is_unlocked_by_an_admin()
    {
        var (id, email) = await NewAnnotatorAsync();
        for (var i = 0; i < 10; i++) await SignInErrorAsync(email, "wrong-password");
        Assert.Contains("Too many failed attempts", await SignInErrorAsync(email, TestPortal.Password));
        var row = Assert.Single((await Admin(s => s.ListAsync())).Where(u => u.Id == id));
        Assert.True(row.LockedOut && !row.Disabled);

        Assert.Empty(await Admin(s => s.UnlockAsync(id, TestPortal.AdminEmail, "forgot the password")));

        Assert.Null(await SignInErrorAsync(email, TestPortal.Password));
        await AssertAuditedAsync("user.unlocked", email, "forgot the password");
    }

    [Fact]
    public async Task After_a_password_reset_the_person_must_choose_a_new_password_before_anything_else()
    {
        var (id, email) = await NewAnnotatorAsync();
        var stamp = await StampAsync(id);

        Assert.Empty(await Admin(s => s.ResetPasswordAsync(id, TemporaryPassword, TestPortal.AdminEmail, "asked by phone")));

        Assert.NotEqual(stamp, await StampAsync(id));
        await AssertAuditedAsync("user.password-reset", email, "asked by phone");
        Assert.True(Assert.Single((await Admin(s => s.ListAsync())).Where(u => u.Id == id)).MustChangePassword);
        Assert.Contains("Wrong e-mail or password", await SignInErrorAsync(email, TestPortal.Password));
        var client = PortalClient.Anonymous(portal);
        var signIn = await PostFormAsync(client, "/login", "/account/login", new() { ["email"] = email, ["password"] = TemporaryPassword });
        Assert.Equal("/change-password", signIn.Headers.Location?.OriginalString);
        Assert.Equal("/change-password", (await client.GetAsync("/review")).Headers.Location?.OriginalString);
        var api = await client.GetAsync("/api/models");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("choose a new one", await api.Content.ReadAsStringAsync());

        var same = await PostFormAsync(client, "/change-password", "/account/change-password",
            new() { ["current"] = TemporaryPassword, ["password"] = TemporaryPassword, ["confirm"] = TemporaryPassword });
        Assert.Contains("different", Uri.UnescapeDataString(same.Headers.Location!.OriginalString));
        var changed = await PostFormAsync(client, "/change-password", "/account/change-password",
            new() { ["current"] = TemporaryPassword, ["password"] = NewPassword, ["confirm"] = NewPassword });

        Assert.Equal("/", changed.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/review")).StatusCode);
        Assert.False(Assert.Single((await Admin(s => s.ListAsync())).Where(u => u.Id == id)).MustChangePassword);
        Assert.Null(await SignInErrorAsync(email, NewPassword));
        await AssertAuditedAsync("user.password-changed", email, null);
    }

    [Fact]
    public async Task An_admin_cannot_disable_their_own_account_or_change_their_own_role()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var admin = (await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(TestPortal.AdminEmail))!;

        Assert.Contains("ask another admin", Assert.Single(await Admin(s => s.DisableAsync(admin.Id, TestPortal.AdminEmail, null))));
        Assert.Contains("ask another admin", Assert.Single(await Admin(s => s.SetRoleAsync(admin.Id, Roles.Annotator, TestPortal.AdminEmail, null))));
        Assert.Null(await SignInErrorAsync(TestPortal.AdminEmail, TestPortal.Password));
    }

    private async Task<(string Id, string Email)> NewAnnotatorAsync()
    {
        var email = $"person-{Guid.NewGuid().ToString("N")[..8]}@portal.test";
        Assert.Empty(await Admin(s => s.CreateAsync(email, TestPortal.Password, Roles.Annotator, TestPortal.AdminEmail)));
        return ((await Admin(s => s.ListAsync())).Single(u => u.Email == email).Id, email);
    }

    private async Task<T> Admin<T>(Func<UserAdministration, Task<T>> action)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserAdministration>());
    }

    private async Task<string?> StampAsync(string id)
    {
        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleAsync();
    }

    private async Task AssertAuditedAsync(string action, string subject, string? reason)
    {
        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        var entry = await db.AuditLog.Where(e => e.Action == action && e.Subject == subject).SingleAsync();
        Assert.Equal(reason, entry.Reason);
    }

    /// <summary>Signs in through the form; the error the login page would show, or null when signed in.</summary>
    private async Task<string?> SignInErrorAsync(string email, string password)
    {
        var response = await PostFormAsync(PortalClient.Anonymous(portal), "/login", "/account/login", new() { ["email"] = email, ["password"] = password });
        var location = response.Headers.Location!.OriginalString;
        return location.StartsWith("/login") ? Uri.UnescapeDataString(location) : null;
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        var token = WebUtility.HtmlDecode(FormToken().Match(await client.GetStringAsync(page)).Groups[1].Value);
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
