using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PatcherPortal.Web.Components.Layout;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Components;

/// <summary>An admin sees how many edits wait for approval and is told when another one starts waiting.</summary>
public sealed class ApprovalNoticeTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    private readonly BunitContext bunit = PortalBunit.Create();

    public async Task InitializeAsync()
    {
        await portal.ReadyAsync(["qa"]);
        bunit.Services.AddSingleton(portal.Services.GetRequiredService<PortalQueries>());
    }

    public async Task DisposeAsync() => await bunit.DisposeAsync();

    [Fact]
    public async Task The_navigation_counts_edits_awaiting_approval_and_a_new_one_brings_a_notice()
    {
        var (_, first) = await Seed.PendingPatchAsync(portal, "Which edit waits first?");
        var waiting = await portal.Services.GetRequiredService<PortalQueries>().EditsAwaitingApprovalAsync();

        var link = bunit.Render<AwaitingApprovalLink>(p => p.Add(l => l.Interval, TimeSpan.FromMilliseconds(100)));

        Assert.Equal(waiting.ToString(), link.Find("[data-testid=awaiting-approval-count]").TextContent.Trim());
        Assert.EndsWith(AwaitingApprovalLink.Href, link.Find("a").GetAttribute("href"));
        var snackbars = bunit.Services.GetRequiredService<ISnackbar>();
        Assert.Empty(snackbars.ShownSnackbars);

        await Seed.PendingPatchAsync(portal, "Which edit waits second?");
        link.WaitForAssertion(() => Assert.Equal((waiting + 1).ToString(), link.Find("[data-testid=awaiting-approval-count]").TextContent.Trim()),
            TimeSpan.FromSeconds(10));
        Assert.Contains(snackbars.ShownSnackbars, s => s.Message.Contains("wait for your approval"));

        await portal.Services.GetRequiredService<PatchAdministration>().RejectAsync(first, Users.Admin, "not needed");
        link.WaitForAssertion(() => Assert.Equal(waiting.ToString(), link.Find("[data-testid=awaiting-approval-count]").TextContent.Trim()),
            TimeSpan.FromSeconds(10));
    }
}
