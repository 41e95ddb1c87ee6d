using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PatcherPortal.Web.Tests.Browser;

/// <summary>A team brings its own classifier: an admin registers it from a Hugging Face directory and uploads its keep set;
/// an annotator corrects one of its answers; the retain metrics show its own train and test shares kept; its edits, exported, fix
/// the same input on a second registered model.</summary>
public sealed class BringYourOwnModelTests(PortalServer server) : PortalBrowserTest(server)
{
    private static readonly string[] Weather = ["cold", "warm"];

    [Fact]
    public async Task An_own_model_and_its_keep_set_are_brought_in_corrected_measured_and_its_edits_fix_a_second_model()
    {
        var page = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        page.SetDefaultTimeout(120_000);
        var portal = new PortalPage(page, Server.BaseAddress);
        var keys = Server.Services.GetRequiredService<ApiKeys>();
        using var approver = new HttpClient { BaseAddress = new Uri(Server.BaseAddress) };
        approver.DefaultRequestHeaders.Add("X-Api-Key", (await keys.CreateAsync("approver", Roles.Admin, "test")).Secret);

        await portal.SignInAsync(TestPortal.AdminEmail, TestPortal.Password);
        await RegisterAsync(portal, "weather-own");
        await RegisterAsync(portal, "weather-twin");

        await page.GetByTestId("model-page-weather-own").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Model weather-own");
        await Expect(page.GetByTestId("data-file")).ToContainTextAsync("none uploaded");
        await page.Locator("[data-testid=model-data] input[type=file]").SetInputFilesAsync(KeepSetFile());
        await Expect(page.GetByTestId("data-file")).ToContainTextAsync("examples.jsonl");
        await Expect(page.GetByTestId("data-shifts")).ToContainTextAsync("the editor runs without shifts");
        await Expect(page.GetByTestId("data-keep")).Not.ToContainTextAsync("0 held out");
        await portal.SignOutAsync();

        await portal.SignInAsync(TestPortal.AnnotatorEmail, TestPortal.Password);
        var sentence = TinyClassifierDirectory.Unseen[0];
        var wrong = await AskAsync(portal, "weather-own", sentence);
        var target = Weather.Single(w => w != wrong);
        await page.GetByTestId("flag").ClickAsync();
        await page.GetByTestId("label").GetByText(target, new() { Exact = true }).ClickAsync();
        await page.GetByTestId("submit-correction").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/corrections/\\d+$"));
        await Expect(page.GetByTestId("correction-message")).ToContainTextAsync("Fixed", new() { Timeout = 180_000 });
        await ApproveAsync(approver, int.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1]));
        Assert.Equal(target, await AskAsync(portal, "weather-own", sentence));
        await portal.SignOutAsync();

        await portal.SignInAsync(TestPortal.AdminEmail, TestPortal.Password);
        await portal.OpenAsync("retain?model=weather-own", "Retain metrics");
        var retain = page.GetByTestId("retain-weather-own");
        await Expect(retain.GetByTestId("no-keep-set")).ToHaveCountAsync(0);
        await Expect(retain).ToContainTextAsync("Train accuracy (base)", new() { Timeout = 120_000 });
        await Expect(retain).ToContainTextAsync("Test accuracy (base)");

        await portal.OpenAsync("models/weather-own", "Model weather-own");
        var href = await page.GetByTestId("export-edits").GetAttributeAsync("href");
        var export = await page.APIRequest.GetAsync($"{Server.BaseAddress}/{href}");
        Assert.True(export.Ok, $"{export.Status} {await export.TextAsync()}");
        var edits = Path.Combine(Path.GetTempPath(), $"weather-own-edits-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllBytesAsync(edits, await export.BodyAsync());

        await portal.OpenAsync("models/weather-twin", "Model weather-twin");
        Assert.Equal(wrong, await AnswerAsync(approver, "weather-twin", sentence));
        await page.Locator("[data-testid=model-import] input[type=file]").SetInputFilesAsync(edits);
        var row = page.GetByTestId("import-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("queued");
        var correction = int.Parse((await row.GetByRole(AriaRole.Link).InnerTextAsync()).Split('#')[^1]);
        await ApproveAsync(approver, correction);
        Assert.Equal(target, await AskAsync(portal, "weather-twin", sentence));
    }

    [Fact]
    public async Task A_language_model_is_registered_with_the_prompt_template_typed_on_the_admin_page()
    {
        var page = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        page.SetDefaultTimeout(120_000);
        var portal = new PortalPage(page, Server.BaseAddress);
        var directory = TinyLlamaDirectory.Write(TinyClassifierDirectory.NewDirectory(), steps: 0);
        await portal.SignInAsync(TestPortal.AdminEmail, TestPortal.Password);
        await portal.OpenAsync("admin", "Admin");

        await portal.Field("model-name").FillAsync("asked-without-question");
        await portal.Field("model-directory").FillAsync(directory);
        await portal.Field("model-prompt-template").FillAsync("Answer:");
        await page.GetByTestId("register-model").ClickAsync();
        await Expect(page.GetByTestId("registration-error")).ToContainTextAsync("{q}");

        await portal.Field("model-name").FillAsync("asked-by-template");
        await portal.Field("model-prompt-template").FillAsync("Question: {q}\nAnswer:");
        await page.GetByTestId("register-model").ClickAsync();
        await Expect(page.GetByTestId("model-page-asked-by-template")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        Assert.Equal("Question: {q}\nAnswer:", File.ReadAllText(Path.Combine(Server.DataDirectory, "models", "asked-by-template", "base", "prompt_template.txt")));
        Assert.Empty(await portal.Field("model-prompt-template").InputValueAsync());
    }

    private async Task RegisterAsync(PortalPage portal, string name)
    {
        await portal.OpenAsync("admin", "Admin");
        await portal.Field("model-name").FillAsync(name);
        await portal.Field("model-directory").FillAsync(TinyClassifierDirectory.Write(TinyClassifierDirectory.NewDirectory(), Weather));
        await portal.Page.GetByTestId("register-model").ClickAsync();
        await Expect(portal.Page.GetByTestId($"model-page-{name}")).ToBeVisibleAsync(new() { Timeout = 120_000 });
    }

    private static async Task<string> AskAsync(PortalPage portal, string model, string input)
    {
        await portal.OpenAsync($"playground?model={model}", "Playground");
        await portal.Field("playground-input").FillAsync(input);
        await portal.Page.GetByTestId("ask").ClickAsync();
        await Expect(portal.Page.GetByTestId("answer-card")).ToContainTextAsync(input);
        return (await portal.Page.GetByTestId("answer").InnerTextAsync()).Trim();
    }

    private static async Task<string> AnswerAsync(HttpClient client, string model, string input)
    {
        var response = await client.PostAsJsonAsync($"/api/models/{model}/predict", new { input });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PredictResponse>())!.Output;
    }

    private static async Task ApproveAsync(HttpClient admin, int correctionId)
    {
        var done = await admin.WaitForJobAsync(correctionId, TimeSpan.FromMinutes(3));
        Assert.True(done.Status == "Fixed", JsonSerializer.Serialize(done));
        foreach (var patch in done.Patches)
            (await admin.PostAsJsonAsync($"/api/patches/{patch.PatchId}/approve", new { reason = "checked" })).EnsureSuccessStatusCode();
    }

    /// <summary>The model's keep set: what it knows, but the two sentences one word away from the one corrected (a tiny
    /// model cannot keep those apart from it), and one held-out sentence.</summary>
    private static string KeepSetFile()
    {
        var rows = TinyClassifierDirectory.Known.Where(k => k.Sentence is not ("the lake froze over" or "the tea is hot"))
            .Select(k => JsonSerializer.Serialize(new { input = k.Sentence, target = Weather[k.Label] }))
            .Append(JsonSerializer.Serialize(new { input = "the lake is icy", target = "cold", split = "test" }));
        var file = Path.Combine(Path.GetTempPath(), $"weather-keep-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(file, rows);
        return file;
    }
}
