using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PatcherPortal.Web.Tests.Functional;

public sealed class EndpointTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly HttpClient client = factory.CreateClient();

    [Fact]
    public async Task Health_reports_ok()
    {
        var health = await client.GetFromJsonAsync<Dictionary<string, string>>("/health");

        Assert.Equal("ok", health!["status"]);
    }

    [Fact]
    public async Task Home_page_renders_the_title_and_both_model_cards()
    {
        var html = await client.GetStringAsync("/");

        Assert.Contains("Patcher Portal", html);
        Assert.Contains("Question answering", html);
        Assert.Contains("Fact checking", html);
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
