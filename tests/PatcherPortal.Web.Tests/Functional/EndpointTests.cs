using System.Net;
using System.Net.Http.Json;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

public sealed class EndpointTests(TestPortal portal) : IClassFixture<TestPortal>
{
    private readonly HttpClient client = PortalClient.Anonymous(portal);

    [Fact]
    public async Task Health_reports_ok()
    {
        var health = await client.GetFromJsonAsync<Dictionary<string, string>>("/health");

        Assert.Equal("ok", health!["status"]);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_sign_in_page()
    {
        var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("http://localhost/login", home.Headers.Location!.ToString());
        var login = await client.GetStringAsync("/login");
        Assert.Contains("Sign in", login);
        Assert.Contains("__RequestVerificationToken", login);
    }

    [Fact]
    public async Task Signed_in_users_get_the_dashboard_with_both_model_cards()
    {
        await portal.ReadyAsync();
        var annotator = await PortalClient.SignedInAsync(portal, TestPortal.AnnotatorEmail);

        var html = await annotator.GetStringAsync("/");

        Assert.Contains("Patcher Portal", html);
        Assert.Contains("Question answering", html);
        Assert.Contains("Fact checking", html);
    }

    [Fact]
    public async Task A_wrong_password_returns_to_the_form_with_a_message_and_the_email()
    {
        var login = await client.GetStringAsync("/login");
        var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = TestPortal.AdminEmail, ["password"] = "wrong", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.GetStringAsync(response.Headers.Location!.OriginalString.TrimStart('~'));
        Assert.Contains("Wrong e-mail or password.", page);
        Assert.Contains(TestPortal.AdminEmail, page);
    }

    [Theory]
    [InlineData("/app.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    [InlineData("/favicon.png", "image/png")]
    [InlineData("/_framework/blazor.web.js", "text/javascript")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css", "text/css")]
    public async Task Static_assets_are_served(string path, string contentType)
    {
        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }
}
