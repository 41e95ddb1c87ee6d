using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Review;
using PatcherPortal.Web.Tests.Components;
using PatcherPortal.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PatcherPortal.Web.Tests.Browser;

/// <summary>
/// Every page at the two common laptop and desktop window sizes: each action button is on screen or reachable by
/// scrolling the page, never cut off by a box too narrow for its table.
/// </summary>
public sealed class ScreenSizeTests(PortalServer server) : PortalBrowserTest(server)
{
    [Fact]
    public async Task Every_page_shows_every_action_button_at_1366x768_and_1920x1080()
    {
        var correctionId = await SeedEveryKindOfRowAsync();
        string[] pages = ["", "playground", "review", "corrections", $"corrections/{correctionId}", "patches", "growth", "retain", "audit", "admin", "consolidation"];
        var problems = new List<string>();
        foreach (var (width, height) in new[] { (1366, 768), (1920, 1080) })
        {
            var page = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height } });
            page.SetDefaultTimeout(30_000);
            var portal = new PortalPage(page, Server.BaseAddress);
            await portal.SignInAsync(TestPortal.AdminEmail, TestPortal.Password);
            foreach (var path in pages)
            {
                await page.GotoAsync($"{Server.BaseAddress}/{path}");
                await page.Locator("#interactive-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });
                await Expect(page.Locator("h1")).ToBeVisibleAsync();
                if (path == "patches") await Expect(page.GetByTestId("versions-qa").GetByTestId("rollback")).Not.ToHaveCountAsync(0);
                var buttons = await page.Locator("button:visible, a.mud-button-root:visible").CountAsync();
                Assert.True(buttons > 0, $"/{path} shows no button at all");
                problems.AddRange((await page.EvaluateAsync<string[]>(ClippedButtons)).Select(p => $"{width}x{height} /{path}: {p}"));
                await portal.ScreenshotAsync($"size-{width}-{(path == "" ? "dashboard" : path.Replace('/', '-'))}");
            }
            await page.CloseAsync();
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Buttons outside the window's width, or outside a box that hides or scrolls its overflow (a table's container).</summary>
    private const string ClippedButtons = """
        () => {
          const problems = [];
          const width = document.documentElement.clientWidth;
          for (const button of document.querySelectorAll('button, a.mud-button-root')) {
            const box = button.getBoundingClientRect();
            if (box.width === 0 || box.height === 0 || !button.checkVisibility({ visibilityProperty: true })) continue;
            const name = (button.innerText || button.getAttribute('aria-label') || button.dataset.testid || button.className).trim().split('\n')[0];
            if (box.left < -0.5 || box.right > width + 0.5) {
              problems.push(`"${name}" lies outside the window (${Math.round(box.left)}..${Math.round(box.right)} of ${width} px)`);
              continue;
            }
            for (let parent = button.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
              const style = getComputedStyle(parent);
              const clipsX = style.overflowX !== 'visible';
              const clipsY = style.overflowY === 'hidden' || style.overflowY === 'clip';
              const outer = parent.getBoundingClientRect();
              if ((clipsX && (box.left < outer.left - 0.5 || box.right > outer.right + 0.5))
                  || (clipsY && (box.top < outer.top - 0.5 || box.bottom > outer.bottom + 0.5))) {
                problems.push(`"${name}" is cut off by its container .${[...parent.classList].join('.')} (${Math.round(box.left)}..${Math.round(box.right)} in ${Math.round(outer.left)}..${Math.round(outer.right)})`);
                break;
              }
            }
          }
          return problems;
        }
        """;

    /// <summary>A live and a pending patch (so approve, reject, remove and roll back show), review items, an API key and users.</summary>
    private async Task<int> SeedEveryKindOfRowAsync()
    {
        var admin = PortalBunit.User(Roles.Admin);
        var live = await Seed.PendingPatchAsync(Server, "What is the capital of Peru, the country on the Pacific coast of South America?");
        await Seed.PendingPatchAsync(Server, "What is the capital of Chile?");
        await using var scope = Server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PatchAdministration>().ApproveAsync(live.PatchId, admin, "Checked against an atlas");
        var rows = ImportParser.Parse("batch.csv", "input\nWhat is the capital of Zambia?\nWhat is the capital of Kenya?\n",
            "qa").Rows;
        await scope.ServiceProvider.GetRequiredService<ReviewImport>().ImportAsync(rows, TestPortal.AdminEmail, "batch.csv");
        await scope.ServiceProvider.GetRequiredService<PatcherPortal.Web.Api.ApiKeys>().CreateAsync("ingest service with a long descriptive name", Roles.Annotator, TestPortal.AdminEmail);
        await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync("a.rather.long.address.for.a.reviewer@portal.test", TestPortal.Password, Roles.Annotator, TestPortal.AdminEmail);
        return live.CorrectionId;
    }
}
