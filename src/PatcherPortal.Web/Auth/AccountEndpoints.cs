using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.Web.Auth;

/// <summary>The login, logout and first-run forms post here (antiforgery-checked form posts).</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this WebApplication app)
    {
        // Sign-out reads no form field, so nothing would refuse a missing token: every form here demands it.
        var account = Forms(app).AllowAnonymous();
        account.MapPost("/login", LoginAsync).ExcludeFromDescription();
        account.MapPost("/logout", LogoutAsync).ExcludeFromDescription();
        account.MapPost("/setup", SetupAsync).ExcludeFromDescription();
        Forms(app).MapPost("/change-password", ChangePasswordAsync).ExcludeFromDescription();
    }

    private static RouteGroupBuilder Forms(WebApplication app)
    {
        var forms = app.MapGroup("/account").WithMetadata(new RequireAntiforgeryTokenAttribute());
        forms.AddEndpointFilter(async (context, next) => context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
            ? Results.Text(UnreadableRequests.StaleForm, statusCode: StatusCodes.Status400BadRequest)
            : await next(context));
        return forms;
    }

    private static async Task<IResult> LoginAsync([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        SignInManager<IdentityUser> signIn, UserManager<IdentityUser> users)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return Back("/login", "Enter your e-mail and password.", email, returnUrl);
        var result = await signIn.PasswordSignInAsync(email.Trim(), password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
            return Back("/login", await DisabledAsync(users, email, password)
                ? "This account is disabled; ask an admin to re-enable it."
                : "Too many failed attempts; try again in a few minutes, or ask an admin to unlock your account.", email, returnUrl);
        if (!result.Succeeded) return Back("/login", "Wrong e-mail or password.", email, returnUrl);
        if (await users.FindByEmailAsync(email.Trim()) is { } user && (await users.GetClaimsAsync(user)).Any(c => c.Type == PasswordChange.Required.Type))
            return Results.LocalRedirect("~" + PasswordChange.Page);
        return Results.LocalRedirect(SafeReturn(returnUrl));
    }

    /// <summary>Said only to someone who knows the password, so the message reveals nothing about other accounts.</summary>
    private static async Task<bool> DisabledAsync(UserManager<IdentityUser> users, string email, string password) =>
        await users.FindByEmailAsync(email.Trim()) is { } user && AccountLock.IsDisabled(user) && await users.CheckPasswordAsync(user, password);

    private static async Task<IResult> ChangePasswordAsync(HttpContext context, [FromForm] string? current, [FromForm] string? password,
        [FromForm] string? confirm, SignInManager<IdentityUser> signIn, UserManager<IdentityUser> users, PortalDbContext db)
    {
        if (await users.GetUserAsync(context.User) is not { } user) return Results.LocalRedirect("~/login");
        if (string.IsNullOrEmpty(current) || string.IsNullOrEmpty(password)) return Back(PasswordChange.Page, "Enter your current and your new password.", null, null);
        if (password != confirm) return Back(PasswordChange.Page, "The two new passwords differ.", null, null);
        if (password == current) return Back(PasswordChange.Page, "Choose a password different from the temporary one.", null, null);
        var errors = await UserAdministration.Check(users.ChangePasswordAsync(user, current, password));
        if (errors.Count == 0) errors = await PasswordChange.ClearAsync(users, user);
        if (errors.Count > 0) return Back(PasswordChange.Page, string.Join(" ", errors), null, null);
        Audit.Audit.Record(db, context.User.Actor(), "user.password-changed", user.Email ?? user.UserName ?? user.Id);
        await db.SaveChangesAsync();
        await signIn.RefreshSignInAsync(user);
        return Results.LocalRedirect("~/");
    }

    /// <summary>Ends every session of the user, not only this browser's cookie: a copied cookie must not outlive the sign-out.</summary>
    private static async Task<IResult> LogoutAsync(HttpContext context, SignInManager<IdentityUser> signIn, UserSessions sessions)
    {
        if (await signIn.UserManager.GetUserAsync(context.User) is { } user) await sessions.EndAllAsync(user);
        await signIn.SignOutAsync();
        return Results.LocalRedirect("~/login");
    }

    private static async Task<IResult> SetupAsync([FromForm] string? email, [FromForm] string? password, [FromForm] string? confirm,
        AccountSetup accounts, SignInManager<IdentityUser> signIn, UserManager<IdentityUser> users, PortalDbContext db)
    {
        await accounts.EnsureRolesAsync();
        if (await accounts.AdminExistsAsync()) return Results.LocalRedirect("~/login");
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password)) return Back("/setup", "Enter an e-mail and a password.", email, null);
        if (password != confirm) return Back("/setup", "The two passwords differ.", email, null);
        var errors = await accounts.CreateUserAsync(email, password, Roles.Admin);
        if (errors.Count > 0) return Back("/setup", string.Join(" ", errors), email, null);
        Audit.Audit.Record(db, email.Trim(), "user.created", email.Trim(), details: "First admin, from the first-run page");
        await db.SaveChangesAsync();
        await signIn.SignInAsync((await users.FindByEmailAsync(email.Trim()))!, isPersistent: false);
        return Results.LocalRedirect("~/");
    }

    private static IResult Back(string page, string error, string? email, string? returnUrl) =>
        Results.LocalRedirect($"~{page}?error={Uri.EscapeDataString(error)}&email={Uri.EscapeDataString(email ?? "")}" +
                              (returnUrl is null ? "" : $"&returnUrl={Uri.EscapeDataString(returnUrl)}"));

    private static string SafeReturn(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? "~" + returnUrl : "~/";
}
