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
        await Expect(page.GetByTestId("correction-message")).ToContainTextAsync("Fixed, awaiting approval.");
        await Expect(page.GetByTestId("constraint-checks")).ToBeVisibleAsync();
        var answers = page.GetByTestId("edit-answers");
        await Expect(answers.Locator("tr", new() { HasText = Facts.Paraphrase })).ToContainTextAsync(Facts.Answer);
        await Expect(answers.Locator("tr.answer-wrong")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("awaiting-approval")).ToBeVisibleAsync();
        await portal.ScreenshotAsync("correction-result");

        var correctionPath = new Uri(page.Url).AbsolutePath.TrimStart('/');
        var correctionRow = page.GetByTestId("corrections-table").Locator("tr", new() { HasText = Facts.Question });

        Assert.Equal(wrong, await portal.AskAsync(Facts.Question));
        await portal.OpenAsync("corrections", "Corrections");
        await Expect(correctionRow).ToContainTextAsync("fixed, awaiting approval");
        await Expect(page.GetByTestId("awaiting-approval-link")).ToHaveCountAsync(0);
        await portal.OpenAsync("review", "Review queue");
        await portal.ScreenshotAsync("review-queue");
        await portal.SignOutAsync();

        await portal.SignInAsync(TestPortal.AdminEmail, TestPortal.Password);
        await Expect(page.GetByTestId("awaiting-approval-count")).ToHaveTextAsync("1");
        await portal.ScreenshotAsync("dashboard");
        await page.GetByTestId("awaiting-approval-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/patches\\?status=awaiting-approval$"));
        var patchRows = page.GetByTestId("patch-table").Locator("tbody tr");
        await Expect(patchRows.Filter(new() { HasText = "awaiting approval" })).Not.ToHaveCountAsync(0);
        await Expect(patchRows.Filter(new() { HasNotText = "awaiting approval" })).ToHaveCountAsync(0);
        await portal.ScreenshotAsync("patches-pending");
        await page.GetByTestId("approve").First.ClickAsync();
        await portal.Field("reason").FillAsync("Checked against the source");
        await page.GetByTestId("confirm").ClickAsync();
        await Expect(page.GetByTestId("awaiting-approval-link")).ToHaveCountAsync(0);
        await portal.OpenAsync("patches", "Patches");
        await Expect(page.GetByTestId("patch-table")).ToContainTextAsync("live");
        await Expect(page.GetByTestId("patch-latest-event").First).ToContainTextAsync($"approved by {TestPortal.AdminEmail}");
        await Expect(page.GetByTestId("patch-latest-event").First).ToContainTextAsync("Checked against the source");
        await portal.OpenAsync("corrections", "Corrections");
        await Expect(correctionRow).ToContainTextAsync("fixed and live");

        Assert.Equal(Facts.Answer, await portal.AskAsync(Facts.Question));
        await Expect(page.GetByTestId("fired-patches")).ToContainTextAsync("correction #");
        await portal.ScreenshotAsync("playground-patched");
        Assert.Equal(Facts.Answer, await portal.AskAsync(Facts.Paraphrase));

        await portal.OpenAsync("patches", "Patches");
        await page.GetByTestId("remove").First.ClickAsync();
        await portal.Field("reason").FillAsync("Testing the removal");
        await page.GetByTestId("confirm").ClickAsync();
        await Expect(page.GetByTestId("patch-table")).ToContainTextAsync("removed");
        await Expect(page.GetByTestId("patch-latest-event").First).ToContainTextAsync("Testing the removal");
        await portal.ScreenshotAsync("patches");
        Assert.Equal(wrong, await portal.AskAsync(Facts.Question));
        await portal.OpenAsync(correctionPath, "Correction #" + correctionPath.Split('/')[^1]);
        await Expect(page.GetByTestId("correction-message")).ToContainTextAsync("the patch was removed");

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
