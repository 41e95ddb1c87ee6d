using System.Net;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

public sealed class PortalPagesTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    public Task InitializeAsync() => portal.ReadyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/corrections/not-a-number")]
    [InlineData("/admin/nothing/here")]
    public async Task An_unknown_address_gets_the_portal_not_found_page_with_a_way_back(string path)
    {
        var client = await PortalClient.SignedInAsync(portal, TestPortal.AnnotatorEmail);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Page not found", page);
        Assert.Contains("Back to the dashboard", page);
        Assert.Contains("Patcher Portal", page);
    }
}
