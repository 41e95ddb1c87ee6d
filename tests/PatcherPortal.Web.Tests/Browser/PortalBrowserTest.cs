using Microsoft.Playwright;

namespace PatcherPortal.Web.Tests.Browser;

/// <summary>A test portal on a real port and a headless Chromium, both started once per test class.</summary>
public abstract class PortalBrowserTest(PortalServer server) : IClassFixture<PortalServer>, IAsyncLifetime
{
    protected PortalServer Server { get; } = server;
    protected IBrowser Browser { get; private set; } = default!;
    private IPlaywright playwright = default!;

    public async Task InitializeAsync()
    {
        await Server.ReadyAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
