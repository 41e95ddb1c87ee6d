using Microsoft.Playwright;

namespace PatcherPortal.Web.Tests.Browser;

public sealed class NavigationTests(PortalServer server) : IClassFixture<PortalServer>
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    [Fact]
    public async Task Nav_link_and_dark_mode_toggle_work_in_the_live_portal()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 820 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(server.BaseAddress);
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Dashboard");
        await Assertions.Expect(page.Locator(".mud-appbar")).ToHaveCSSAsync("background-color", "rgb(26, 35, 126)");
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "dashboard.png"), Animations = ScreenshotAnimations.Disabled });

        await page.GetByRole(AriaRole.Link, new() { Name = "Review queue" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(server.BaseAddress.TrimEnd('/') + "/review");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Review queue");
        await page.Mouse.MoveAsync(600, 700);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "review-queue.png"), Animations = ScreenshotAnimations.Disabled });

        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();

        await Assertions.Expect(page.Locator(".mud-appbar")).Not.ToHaveCSSAsync("background-color", "rgb(26, 35, 126)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "review-queue-dark.png"), Animations = ScreenshotAnimations.Disabled });
        Assert.Empty(errors);
    }
}
