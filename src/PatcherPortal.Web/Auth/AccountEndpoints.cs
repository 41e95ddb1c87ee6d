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
        var account = app.MapGroup("/account").AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute())
            .AddEndpointFilter(async (context, next) => context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
                ? Results.Text(UnreadableRequests.StaleForm, statusCode: StatusCodes.Status400BadRequest)
                : await next(context));
        account.MapPost("/login", LoginAsync).ExcludeFromDescription();
        account.MapPost("/logout", LogoutAsync).ExcludeFromDescription();
        account.MapPost("/setup", SetupAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> LoginAsync([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        SignInManager<IdentityUser> signIn)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return Back("/login", "Enter your e-mail and password.", email, returnUrl);
        var result = await signIn.PasswordSignInAsync(email.Trim(), password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut) return Back("/login", "Too many failed attempts; try again in a few minutes.", email, returnUrl);
        if (!result.Succeeded) return Back("/login", "Wrong e-mail or password.", email, returnUrl);
        return Results.LocalRedirect(SafeReturn(returnUrl));
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
