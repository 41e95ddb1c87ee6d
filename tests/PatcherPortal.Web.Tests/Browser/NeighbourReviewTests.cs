using Microsoft.Playwright;
using PatcherPortal.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PatcherPortal.Web.Tests.Browser;

/// <summary>
/// The tiny model's version of "currency of Japan → jpy also changes the language of Japan" (see <see cref="NeighbourCase"/>):
/// the changed neighbour is listed before approval; the admin marks it a regression and retrains; the new candidate
/// leaves it alone, and once approved the neighbour keeps its old answer while the edit still holds.
/// </summary>
public sealed class NeighbourReviewTests(PortalServer server) : PortalBrowserTest(server)
{
    [Fact]
    public async Task A_neighbour_the_candidate_changes_is_listed_before_approval_and_a_retrain_keeping_it_leaves_its_old_answer()
    {
        var (question, answer, neighbour, neighbourBefore) = (NeighbourCase.Question, NeighbourCase.Answer, NeighbourCase.Neighbour, NeighbourCase.NeighbourBefore);
        var page = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 } });
        page.SetDefaultTimeout(30_000);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var portal = new PortalPage(page, Server.BaseAddress);

        await portal.SignInAsync(TestPortal.AnnotatorEmail, TestPortal.Password);
        Assert.Equal(neighbourBefore, await portal.AskAsync(neighbour));
        Assert.NotEqual(answer, await portal.AskAsync(question));
        await page.GetByTestId("flag").ClickAsync();
        await portal.Field("target").FillAsync(answer);
        await page.GetByTestId("submit-correction").ClickAsync();
        await Expect(page.GetByTestId("correction-message")).ToContainTextAsync("Fixed, awaiting approval.", new() { Timeout = 180_000 });
        var changed = page.GetByTestId("neighbour-row").Filter(new() { HasText = neighbour });
        await Expect(changed.GetByTestId("neighbour-before")).ToHaveTextAsync(neighbourBefore);
        await Expect(changed.GetByTestId("neighbour-after")).Not.ToHaveTextAsync(neighbourBefore);
        await Expect(page.Locator(".check-summary", new() { HasText = "Retained examples" })).ToContainTextAsync("changed");
        await portal.ScreenshotAsync("correction-neighbours");
        var correctionPath = new Uri(page.Url).AbsolutePath.TrimStart('/');
        await portal.SignOutAsync();

        await portal.SignInAsync(TestPortal.AdminEmail, TestPortal.Password);
        await portal.OpenAsync("patches?status=awaiting-approval", "Patches");
        var listed = page.GetByTestId("pending-neighbours").GetByTestId("neighbour-row").Filter(new() { HasText = neighbour });
        await listed.GetByTestId("mark-regression").ClickAsync();
        await Expect(listed.GetByTestId("neighbour-verdict")).ToHaveTextAsync("regression");
        await portal.ScreenshotAsync("patches-pending-neighbours");
        await page.GetByTestId("pending-neighbours").GetByTestId("retrain-neighbours").ClickAsync();

        await portal.OpenAsync(correctionPath, "Correction #" + correctionPath.Split('/')[^1]);
        await Expect(page.GetByTestId("correction-message")).ToContainTextAsync("Fixed, awaiting approval.", new() { Timeout = 180_000 });
        await Expect(page.GetByTestId("kept-neighbour").Filter(new() { HasText = neighbour })).ToContainTextAsync("holds");
        await Expect(page.GetByTestId("neighbour-row").Filter(new() { HasText = neighbour })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("edit-answers").Locator("tr.answer-wrong")).ToHaveCountAsync(0);

        await portal.OpenAsync("patches?status=awaiting-approval", "Patches");
        await page.GetByTestId("approve").First.ClickAsync();
        await portal.Field("reason").FillAsync("Retrained to keep its neighbour");
        await page.GetByTestId("confirm").ClickAsync();
        await Expect(page.GetByTestId("awaiting-approval-link")).ToHaveCountAsync(0);
        Assert.Equal(answer, await portal.AskAsync(question));
        Assert.Equal(neighbourBefore, await portal.AskAsync(neighbour));
        Assert.Empty(errors);
    }
}
