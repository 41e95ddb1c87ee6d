using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Review;
using PatcherPortal.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PatcherPortal.Web.Tests.Browser;

/// <summary>What a person does around the main journey: manage people and keys, bulk review, dark mode, a wrong address.</summary>
public sealed class PortalChoresTests(PortalServer server) : PortalBrowserTest(server)
{
    private const string Reviewer = "reviewer@portal.test";
    private const string TemporaryPassword = "Temporary-Pass1";
    private const string ChosenPassword = "Chosen-Pass1";
    private readonly List<string> errors = [];

    [Fact]
    public async Task An_admin_resets_a_password_and_the_person_must_choose_a_new_one_before_reviewing()
    {
        await using (var scope = Server.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync(Reviewer, TestPortal.Password, Roles.Annotator, TestPortal.AdminEmail);
        var admin = await SignedInAsync(TestPortal.AdminEmail, TestPortal.Password);
        await admin.OpenAsync("admin", "Admin");
        var row = admin.Page.GetByTestId("user-row").Filter(new() { HasText = Reviewer });

        await row.GetByTestId("user-reset-password").ClickAsync();
        await admin.Field("temporary-password").FillAsync(TemporaryPassword);
        await admin.Field("reason").FillAsync("Forgot it");
        await admin.Page.GetByTestId("confirm").ClickAsync();
        await Expect(row.GetByTestId("user-state")).ToContainTextAsync("must change password");

        var person = new PortalPage(await NewPageAsync(1366, 768), Server.BaseAddress);
        await person.Page.GotoAsync($"{Server.BaseAddress}/login");
        await person.Page.Locator("#email").FillAsync(Reviewer);
        await person.Page.Locator("#password").FillAsync(TemporaryPassword);
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(person.Page.Locator("h1")).ToHaveTextAsync("Choose a new password");
        await person.Page.GotoAsync($"{Server.BaseAddress}/review");
        await Expect(person.Page.Locator("h1")).ToHaveTextAsync("Choose a new password");
        await person.ScreenshotAsync("change-password");
        await person.Page.Locator("#current").FillAsync(TemporaryPassword);
        await person.Page.Locator("#password").FillAsync(ChosenPassword);
        await person.Page.Locator("#confirm").FillAsync(ChosenPassword);
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(person.Page.Locator("h1")).ToHaveTextAsync("Dashboard");

        await admin.OpenAsync("audit", "Audit log");
        await Expect(admin.Page.GetByTestId("audit-table")).ToContainTextAsync("user.password-reset");
        await Expect(admin.Page.GetByTestId("audit-table")).ToContainTextAsync("user.password-changed");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Revoking_a_key_asks_first_and_a_new_key_can_be_copied()
    {
        var admin = await SignedInAsync(TestPortal.AdminEmail, TestPortal.Password);
        await admin.Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await admin.OpenAsync("admin", "Admin");
        await admin.Field("api-key-name").FillAsync("nightly import");
        await admin.Page.GetByTestId("create-api-key").ClickAsync();
        var secret = (await admin.Page.GetByTestId("api-key-secret").InnerTextAsync()).Trim();

        await admin.Page.GetByTestId("copy-api-key").ClickAsync();
        await Expect(admin.Page.GetByTestId("copy-api-key")).ToContainTextAsync("Copied");
        Assert.Equal(secret, await admin.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        var key = admin.Page.Locator("tr", new() { HasText = "nightly import" });
        await key.GetByTestId("revoke-api-key").ClickAsync();
        await Expect(admin.Page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("cannot be undone");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(key.GetByTestId("revoke-api-key")).ToBeVisibleAsync();
        Assert.NotNull(await KeyAsync(secret));

        await key.GetByTestId("revoke-api-key").ClickAsync();
        await admin.Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(key).ToContainTextAsync("revoked");
        Assert.Null(await KeyAsync(secret));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_annotator_accepts_several_outputs_at_once_keeps_dark_mode_and_finds_the_way_back_from_a_wrong_address()
    {
        var rows = ImportParser.Parse("bulk.csv", "input,output\nBulk question one?,a\nBulk question two?,b\nBulk question three?,c\n", "qa").Rows;
        await Server.Services.GetRequiredService<ReviewImport>().ImportAsync(rows, TestPortal.AdminEmail, "bulk.csv");
        var annotator = await SignedInAsync(TestPortal.AnnotatorEmail, TestPortal.Password);
        var page = annotator.Page;
        await annotator.OpenAsync("review", "Review queue");
        await annotator.Field("filter-search").FillAsync("Bulk question");
        await Expect(page.GetByTestId("review-row")).ToHaveCountAsync(3);

        await page.GetByTestId("review-row").Filter(new() { HasText = "one" }).GetByTestId("review-check").ClickAsync();
        await page.GetByTestId("review-row").Filter(new() { HasText = "three" }).GetByTestId("review-check").ClickAsync();
        await Expect(page.GetByTestId("bulk-bar")).ToContainTextAsync("2 selected");
        await page.GetByTestId("bulk-accept").ClickAsync();

        await Expect(page.GetByTestId("review-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("review-row")).ToContainTextAsync("two");
        await Expect(page.GetByTestId("import-format")).ToContainTextAsync("Import format");

        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
        var dark = await page.Locator(".mud-appbar").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        await page.ReloadAsync();
        await page.Locator("#interactive-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.Locator(".mud-appbar")).ToHaveCSSAsync("background-color", dark);
        Assert.NotEqual("rgb(26, 35, 126)", dark);

        var missing = await page.GotoAsync($"{Server.BaseAddress}/no-such-page");
        Assert.Equal(404, missing!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");
        await page.GetByText("Back to the dashboard").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Dashboard");
        Assert.Empty(errors);
    }

    private async Task<ApiKey?> KeyAsync(string secret) => await Server.Services.GetRequiredService<ApiKeys>().FindAsync(secret);

    private async Task<PortalPage> SignedInAsync(string email, string password)
    {
        var portal = new PortalPage(await NewPageAsync(1366, 768), Server.BaseAddress);
        await portal.SignInAsync(email, password);
        return portal;
    }

    private async Task<IPage> NewPageAsync(int width, int height)
    {
        var page = await (await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } })).NewPageAsync();
        page.SetDefaultTimeout(30_000);
        page.PageError += (_, error) => errors.Add(error);
        return page;
    }
}
