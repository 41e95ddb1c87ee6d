using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>Forms need their antiforgery token; API keys are never stored in the clear.</summary>
public sealed partial class RequestSafetyTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    public Task InitializeAsync() => portal.ReadyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_form_post_outside_the_api_is_refused_without_its_antiforgery_token()
    {
        var admin = await PortalClient.SignedInAsync(portal, TestPortal.AdminEmail);
        var forms = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(r => r.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(r => r.RoutePattern.RawText!).Where(p => !p.StartsWith("/api") && !p.Contains('{')).ToList();

        Assert.Contains("/account/logout", forms);
        Assert.Contains("/playground", forms);
        foreach (var path in forms)
        {
            var response = await admin.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = TestPortal.AdminEmail, ["password"] = TestPortal.Password,
            }));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {path} without a token answered {(int)response.StatusCode}");
            if (path.StartsWith("/account/")) Assert.Equal(UnreadableRequests.StaleForm, await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_takes_the_token_of_the_page_and_ends_the_session()
    {
        var annotator = await PortalClient.SignedInAsync(portal, TestPortal.AnnotatorEmail);
        var page = await annotator.GetStringAsync("/");
        var token = WebUtility.HtmlDecode(LogoutToken().Match(page).Groups[1].Value);

        var response = await annotator.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.NotEmpty(token);
        Assert.Equal("/login", response.Headers.Location?.OriginalString.TrimStart('~'));
        Assert.Equal(HttpStatusCode.Redirect, (await annotator.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_cookie_is_out_of_reach_of_scripts_and_of_other_sites_posts()
    {
        var client = PortalClient.Anonymous(portal);
        var token = WebUtility.HtmlDecode(FormToken().Match(await client.GetStringAsync("/login")).Groups[1].Value);

        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = TestPortal.AnnotatorEmail, ["password"] = TestPortal.Password, ["__RequestVerificationToken"] = token,
        }));

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("PatcherPortal.Auth=")).ToLowerInvariant();
        Assert.Contains("httponly", cookie);
        Assert.Matches("samesite=(lax|strict)", cookie);
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/api/models")]
    public async Task No_other_site_may_frame_a_page_or_reinterpret_a_response(string path)
    {
        var response = await PortalClient.Anonymous(portal).GetAsync(path);

        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task An_api_key_is_stored_only_as_its_sha256_hash()
    {
        var (key, secret) = await portal.Services.GetRequiredService<ApiKeys>().CreateAsync("stored", Roles.Annotator, "test");

        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        await using var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM ApiKeys WHERE Id = {key.Id}";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var columns = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i))!);

        Assert.All(columns.Values, value => Assert.DoesNotContain(secret[3..13], value));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), columns["Hash"]);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("action=\"account/logout\".*?name=\"__RequestVerificationToken\" value=\"([^\"]+)\"", RegexOptions.Singleline)]
    private static partial Regex LogoutToken();
}
