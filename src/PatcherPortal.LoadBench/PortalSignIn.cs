using System.Net;
using System.Text.RegularExpressions;

namespace PatcherPortal.LoadBench;

/// <summary>Signs a client in through the login form, as a browser does (the client must keep cookies).</summary>
public static partial class PortalSignIn
{
    public static async Task SignInAsync(HttpClient client, string email, string password)
    {
        var login = await client.GetStringAsync("/login");
        var token = TokenPattern().Match(login).Groups[1].Value;
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Contains("error") == true)
            throw new InvalidOperationException($"Sign-in as {email} failed: {response.StatusCode} {response.Headers.Location}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
