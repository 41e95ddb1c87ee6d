using Microsoft.Playwright;
using PatcherPortal.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PatcherPortal.Web.Tests.Browser;

/// <summary>An annotator fixes a mistake; an admin approves the patch, then removes it; screenshots of every main page.</summary>
public sealed class PortalJourneyTests(PortalServer server) : IClassFixture<PortalServer>, IAsyncLifetime
{
    private IPlaywright playwright = default!;
    private IBrowser browser = default!;
    private PortalPage portal = default!;
    private readonly List<string> errors = [];

    public async Task InitializeAsync()
    {
        await server.ReadyAsync();
        playwright = await Playwright.CreateAsync();
        browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        page.SetDefaultTimeout(30_000);
        page.PageError += (_, error) => errors.Add(error);
        portal = new PortalPage(page, server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }

    [Fact]
    public async Task Annotator_corrects_a_wrong_answer_and_admin_approves_then_removes_the_patch()
    {
        var page = portal.Page;
        await portal.SignInAsync(TestPortal.AnnotatorEmail, TestPortal.Password);
        var wrong = await portal.AskAsync(Facts.Question);
        Assert.NotEqual(Facts.Answer, wrong);
        await Expect(page.GetByTestId("no-patch-fired")).ToBeVisibleAsync();
        await portal.ScreenshotAsync("playground");

        await page.GetByTestId("flag").ClickAsync();
        await portal.Field("target").FillAsync(Facts.Answer);
        await portal.Field("paraphrases").FillAsync(Facts.Paraphrase);
        await portal.ScreenshotAsync("correction-dialog");
        await page.GetByTestId("submit-correction").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/corrections/\\d+$"));
        await Expect(page.GetByTestId("correction-message")).ToBeVisibleAsync(new() { Timeout = 180_000 });
        await Expect(page.GetByTestId("correction-message")).ToContainTextAsync("Fixed.");
        var answers = page.GetByTestId("edit-answers");
        await Expect(answers.Locator("tr", new() { HasText = Facts.Paraphrase })).ToContainTextAsync(Facts.Answer);
        await Expect(answers.Locator("tr.answer-wrong")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("awaiting-approval")).ToBeVisibleAsync();
        await portal.ScreenshotAsync("correction-result");

        Assert.Equal(wrong, await portal.AskAsync(Facts.Question));
        await portal.OpenAsync("review", "Review queue");
        await portal.ScreenshotAsync("review-queue");
        await portal.SignOutAsync();

        await portal.SignInAsync(TestPortal.AdminEmail, TestPortal.Password);
        await portal.ScreenshotAsync("dashboard");
        await portal.OpenAsync("patches", "Patches");
        await portal.ScreenshotAsync("patches-pending");
        await page.GetByTestId("approve").First.ClickAsync();
        await portal.Field("reason").FillAsync("Checked against the source");
        await page.GetByTestId("confirm").ClickAsync();
        await Expect(page.GetByTestId("patch-table")).ToContainTextAsync("live");

        Assert.Equal(Facts.Answer, await portal.AskAsync(Facts.Question));
        await Expect(page.GetByTestId("fired-patches")).ToContainTextAsync("correction #");
        await portal.ScreenshotAsync("playground-patched");
        Assert.Equal(Facts.Answer, await portal.AskAsync(Facts.Paraphrase));

        await portal.OpenAsync("patches", "Patches");
        await page.GetByTestId("remove").First.ClickAsync();
        await portal.Field("reason").FillAsync("Testing the removal");
        await page.GetByTestId("confirm").ClickAsync();
        await Expect(page.GetByTestId("patch-table")).ToContainTextAsync("removed");
        await portal.ScreenshotAsync("patches");
        Assert.Equal(wrong, await portal.AskAsync(Facts.Question));

        await portal.OpenAsync("audit", "Audit log");
        await Expect(page.GetByTestId("audit-table")).ToContainTextAsync("patch.removed");
        await portal.ScreenshotAsync("audit-log");
        foreach (var (path, heading, name) in new[]
        {
            ("corrections", "Corrections", "corrections"), ("growth", "Model growth", "model-growth"), ("retain", "Retain metrics", "retain-metrics"),
            ("admin", "Admin", "admin"),
        })
        {
            await portal.OpenAsync(path, heading);
            await portal.ScreenshotAsync(name);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
        await Expect(page.Locator(".mud-appbar")).Not.ToHaveCSSAsync("background-color", "rgb(26, 35, 126)");
        await portal.ScreenshotAsync("admin-dark");
        Assert.Empty(errors);
    }
}
