using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>
/// A sign-in cookie ends with the session: after signing out (or once an admin ends a user's sessions, as a role
/// change, a password reset or a disabled account does), a copy of the old cookie opens nothing, and an open page
/// (a Blazor circuit, which does not send the cookie again) signs out by itself.
/// </summary>
public sealed partial class SessionRevocationTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    private const string Reviewer = "reviewer@portal.test";

    public async Task InitializeAsync()
    {
        await portal.ReadyAsync([]);
        await using var scope = portal.Services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(Reviewer) is null)
            await scope.ServiceProvider.GetRequiredService<AccountSetup>().CreateUserAsync(Reviewer, TestPortal.Password, Roles.Annotator);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task After_signing_out_a_copy_of_the_old_cookie_is_refused_everywhere()
    {
        var (browser, cookie) = await SignInAsync(Reviewer);
        var copy = WithCookie(cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/models")).StatusCode);
        var token = WebUtility.HtmlDecode(LogoutToken().Match(await browser.GetStringAsync("/")).Groups[1].Value);

        var signedOut = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/models")).StatusCode);
        Assert.Equal("/login", (await copy.GetAsync("/")).Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task Ending_a_users_sessions_refuses_every_cookie_issued_before_and_lets_the_user_sign_in_again()
    {
        var (_, first) = await SignInAsync(Reviewer);
        var (_, second) = await SignInAsync(Reviewer);
        var (_, someoneElse) = await SignInAsync(TestPortal.AnnotatorEmail);

        await EndSessionsAsync(Reviewer);

        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookie(first).GetAsync("/api/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookie(second).GetAsync("/api/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(someoneElse).GetAsync("/api/models")).StatusCode);
        var (_, fresh) = await SignInAsync(Reviewer);
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(fresh).GetAsync("/api/models")).StatusCode);
    }

    [Fact]
    public async Task An_open_page_signs_out_once_the_users_sessions_end()
    {
        await using var circuit = portal.Services.CreateAsyncScope();
        var state = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        ((IHostEnvironmentAuthenticationStateProvider)state).SetAuthenticationState(Task.FromResult(new AuthenticationState(await PrincipalAsync(Reviewer))));
        var signedOut = new TaskCompletionSource<ClaimsPrincipal>(TaskCreationOptions.RunContinuationsAsynchronously);
        state.AuthenticationStateChanged += async changed => signedOut.TrySetResult((await changed).User);
        Assert.True((await state.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);

        await EndSessionsAsync(Reviewer);

        var user = await signedOut.Task.WaitAsync(SessionRevalidation.Interval * 3);
        Assert.False(user.Identity?.IsAuthenticated);
    }

    private async Task EndSessionsAsync(string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByEmailAsync(email))!;
        await scope.ServiceProvider.GetRequiredService<UserSessions>().EndAllAsync(user);
    }

    private async Task<ClaimsPrincipal> PrincipalAsync(string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<IdentityUser>>();
        return await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByEmailAsync(email))!);
    }

    /// <summary>Signs in through the form; returns the browser and its sign-in cookie, as one could copy it.</summary>
    private async Task<(HttpClient Browser, string Cookie)> SignInAsync(string email)
    {
        var browser = PortalClient.Anonymous(portal);
        var token = WebUtility.HtmlDecode(FormToken().Match(await browser.GetStringAsync("/login")).Groups[1].Value);
        var response = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = TestPortal.Password, ["__RequestVerificationToken"] = token,
        }));
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("PatcherPortal.Auth=")).Split(';')[0];
        return (browser, cookie);
    }

    private HttpClient WithCookie(string cookie)
    {
        var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("action=\"account/logout\".*?name=\"__RequestVerificationToken\" value=\"([^\"]+)\"", RegexOptions.Singleline)]
    private static partial Regex LogoutToken();
}
