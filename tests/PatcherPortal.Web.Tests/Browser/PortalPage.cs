using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PatcherPortal.Web.Tests.Browser;

/// <summary>A browser page on the portal with the steps the journeys share.</summary>
public sealed class PortalPage(IPage page, string baseAddress)
{
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    public IPage Page { get; } = page;

    public async Task SignInAsync(string email, string password)
    {
        await Page.GotoAsync($"{baseAddress}/login");
        await Page.Locator("#email").FillAsync(email);
        await Page.Locator("#password").FillAsync(password);
        if (!File.Exists(Path.Combine(Screenshots, "sign-in.png"))) await ScreenshotAsync("sign-in");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Dashboard");
        await WaitForBlazorAsync();
    }

    public async Task SignOutAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Sign in");
    }

    public async Task OpenAsync(string path, string heading)
    {
        await Page.GotoAsync($"{baseAddress}/{path}");
        await WaitForBlazorAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync(heading);
    }

    /// <summary>Asks a question in the playground and returns the answer shown.</summary>
    public async Task<string> AskAsync(string question)
    {
        await OpenAsync("playground", "Playground");
        await Field("playground-input").FillAsync(question);
        await Page.GetByTestId("ask").ClickAsync();
        await Expect(Page.GetByTestId("answer-card")).ToContainTextAsync(question);
        return (await Page.GetByTestId("answer").InnerTextAsync()).Trim();
    }

    public ILocator Field(string testId) => Page.Locator(
        $"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(Screenshots);
        await Page.Mouse.MoveAsync(1, 1);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
    }

    private Task WaitForBlazorAsync() => Page.Locator("#interactive-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });
}
