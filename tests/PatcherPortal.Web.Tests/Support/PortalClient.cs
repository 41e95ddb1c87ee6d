using PatcherPortal.LoadBench;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PatcherPortal.Web.Tests.Support;

/// <summary>HTTP clients of a test portal: anonymous, signed in through the login form, or carrying an API key.</summary>
public static class PortalClient
{
    public static HttpClient Anonymous(TestPortal portal) =>
        portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public static async Task<HttpClient> SignedInAsync(TestPortal portal, string email, string password = TestPortal.Password)
    {
        var client = Anonymous(portal);
        await PortalSignIn.SignInAsync(client, email, password);
        return client;
    }

    public static HttpClient WithApiKey(TestPortal portal, string key)
    {
        var client = Anonymous(portal);
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}
