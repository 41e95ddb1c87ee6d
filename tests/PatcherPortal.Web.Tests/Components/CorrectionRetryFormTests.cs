using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Components.Pages.Corrections;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Components;

/// <summary>A correction that fixed nothing offers a retry: a higher patch limit for an admin, an edited answer for anyone.</summary>
public sealed class CorrectionRetryFormTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    private readonly BunitContext bunit = PortalBunit.Create();

    public async Task InitializeAsync()
    {
        await portal.ReadyAsync(["qa"]);
        bunit.Services.AddSingleton(portal.Services.GetRequiredService<CorrectionRetries>());
        bunit.Services.AddSingleton(portal.Services.GetRequiredService<IOptions<PatcherOptions>>());
    }

    public async Task DisposeAsync() => await bunit.DisposeAsync();

    [Fact]
    public async Task An_admin_is_offered_the_patch_limit_the_answer_needs_and_the_retry_opens_the_new_correction()
    {
        bunit.AddAuthorization().SetAuthorized(TestPortal.AdminEmail).SetRoles(Roles.Admin, Roles.Annotator);
        var failed = await FailedAsync("What is the capital of Cambodia?", patchesNeeded: 6);

        var form = bunit.Render<CorrectionRetry>(p => p.Add(r => r.Correction, failed));

        Assert.Contains("needs 6 patches", form.Markup);
        Assert.Contains($"allowed {portal.Services.GetRequiredService<IOptions<PatcherOptions>>().Value.MaxPatchesPerEdit}", form.Markup);
        Assert.Equal("6", form.Find(Field("retry-patch-limit")).GetAttribute("value"));
        form.Find("[data-testid=retry-submit]").Click();
        var navigation = bunit.Services.GetRequiredService<BunitNavigationManager>();
        form.WaitForAssertion(() => Assert.Matches(@"/corrections/\d+$", navigation.Uri));
        var retry = await portal.Services.GetRequiredService<PortalQueries>().CorrectionAsync(int.Parse(navigation.Uri.Split('/')[^1]));
        Assert.Equal((failed.Input, 6), (retry!.Input, retry.PatchLimit));
    }

    [Fact]
    public async Task An_annotator_edits_the_answer_and_is_told_an_admin_can_raise_the_limit()
    {
        bunit.AddAuthorization().SetAuthorized(TestPortal.AnnotatorEmail).SetRoles(Roles.Annotator);
        var failed = await FailedAsync("What is the capital of Laos?", patchesNeeded: 7);

        var form = bunit.Render<CorrectionRetry>(p => p.Add(r => r.Correction, failed));

        Assert.Empty(form.FindAll(Field("retry-patch-limit")));
        Assert.Contains("ask an admin", form.Markup);
        Assert.Equal(failed.Target, form.Find(Field("retry-target")).GetAttribute("value"));
    }

    private static string Field(string testId) => $"input[data-testid={testId}], [data-testid={testId}] input";

    private async Task<Correction> FailedAsync(string input, int patchesNeeded)
    {
        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        var correction = new Correction
        {
            Model = "qa", Input = input, WrongOutput = "x", Target = "Lima", Author = TestPortal.AnnotatorEmail,
            CreatedAt = DateTime.UtcNow, Status = CorrectionStatus.Failed, Message = "Not fixed after 400 steps.",
            ReportJson = new EditReport([], 0, [], 0, [], []) { PatchesNeeded = patchesNeeded }.ToJson(),
        };
        db.Corrections.Add(correction);
        await db.SaveChangesAsync();
        return correction;
    }
}
