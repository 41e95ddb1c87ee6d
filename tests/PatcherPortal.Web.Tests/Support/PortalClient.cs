using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PatcherPortal.Web.Tests.Support;

/// <summary>HTTP clients of a test portal: anonymous, signed in through the login form, or carrying an API key.</summary>
public static partial class PortalClient
{
    public static HttpClient Anonymous(TestPortal portal) =>
        portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public static async Task<HttpClient> SignedInAsync(TestPortal portal, string email, string password = TestPortal.Password)
    {
        var client = Anonymous(portal);
        await SignInAsync(client, email, password);
        return client;
    }

    /// <summary>Signs in through the login form; <paramref name="client"/> must keep cookies and not follow redirects.</summary>
    public static async Task SignInAsync(HttpClient client, string email, string password = TestPortal.Password)
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

    public static HttpClient WithApiKey(TestPortal portal, string key)
    {
        var client = Anonymous(portal);
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
