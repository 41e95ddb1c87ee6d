using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>Each patch keeps its own status and history through approvals, removals and roll backs, and each correction
/// says where its fix stands.</summary>
public sealed class PatchHistoryTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    private PatchAdministration Administration => portal.Services.GetRequiredService<PatchAdministration>();
    private PortalQueries Queries => portal.Services.GetRequiredService<PortalQueries>();

    public Task InitializeAsync() => portal.ReadyAsync(["qa"]);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_roll_back_leaves_each_patch_with_its_own_status_and_history()
    {
        var (a, patchA) = await Seed.PendingPatchAsync(portal, "Which patch is A?");
        var (b, patchB) = await Seed.PendingPatchAsync(portal, "Which patch is B?");

        await Administration.ApproveAsync(patchA, Users.Admin, "A checked against the atlas");
        var beforeB = (await Queries.VersionsAsync("qa"))[^1].Number;
        await Administration.ApproveAsync(patchB, Users.Admin, "B checked against the almanac");
        await Administration.RemoveAsync(patchA, Users.Admin, "A misfires on Chile");
        await Administration.RollBackAsync("qa", beforeB, Users.Admin, "B broke the retain set");

        var rows = await Queries.PatchesAsync("qa", null, "Which patch is");
        var rowA = rows.Single(r => r.Patch.Id == patchA);
        var rowB = rows.Single(r => r.Patch.Id == patchB);
        Assert.Equal(PatchStatus.Live, rowA.Patch.Status);
        Assert.Equal([PatchEventKind.Approved, PatchEventKind.Removed, PatchEventKind.RolledBack], rowA.Patch.History.Select(h => h.Kind));
        Assert.Equal([PatchStatus.Live, PatchStatus.Removed, PatchStatus.Live], rowA.Patch.History.Select(h => h.Status));
        Assert.Equal("A checked against the atlas", rowA.Patch.History[0].Reason);
        Assert.Equal("A misfires on Chile", rowA.Patch.History[1].Reason);
        Assert.Equal(PatchStatus.Removed, rowB.Patch.Status);
        Assert.Equal([PatchEventKind.Approved, PatchEventKind.RolledBack], rowB.Patch.History.Select(h => h.Kind));
        Assert.Equal("B checked against the almanac", rowB.Patch.History[0].Reason);
        Assert.All(rowB.Patch.History, h => Assert.DoesNotContain("atlas", h.Reason));
        Assert.All(rowB.Patch.History, h => Assert.DoesNotContain("misfires", h.Reason));
        Assert.DoesNotContain("B checked", PatchHistory.Describe(rowA.Patch.History[^1]));
        Assert.Equal($"rolled back by {TestPortal.AdminEmail} in v{beforeB + 3}: Rolled back to v{beforeB}: B broke the retain set",
            PatchHistory.Describe(rowB.Patch.History[^1]));

        var states = (await Queries.CorrectionsAsync(300)).ToDictionary(r => r.Correction.Id, r => r.State);
        Assert.Equal(CorrectionState.Live, states[a]);
        Assert.Equal(CorrectionState.RolledBack, states[b]);
    }

    [Fact]
    public async Task Corrections_say_whether_their_fix_awaits_approval_serves_or_was_rejected_or_removed()
    {
        var (waiting, _) = await Seed.PendingPatchAsync(portal, "Which fix waits?");
        var (rejected, rejectedPatch) = await Seed.PendingPatchAsync(portal, "Which fix is rejected?");
        var (removed, removedPatch) = await Seed.PendingPatchAsync(portal, "Which fix is removed?");
        var awaitingBefore = await Queries.EditsAwaitingApprovalAsync();

        await Administration.RejectAsync(rejectedPatch, Users.Admin, "wrong source");
        await Administration.ApproveAsync(removedPatch, Users.Admin, null);
        await Administration.RemoveAsync(removedPatch, Users.Admin, "not needed");

        var states = (await Queries.CorrectionsAsync(300)).ToDictionary(r => r.Correction.Id, r => r.State);
        Assert.Equal(CorrectionState.AwaitingApproval, states[waiting]);
        Assert.Equal(CorrectionState.Rejected, states[rejected]);
        Assert.Equal(CorrectionState.Removed, states[removed]);
        Assert.Equal(awaitingBefore - 2, await Queries.EditsAwaitingApprovalAsync());
        var awaiting = await Queries.CorrectionsAsync(300, CorrectionState.AwaitingApproval);
        Assert.Contains(awaiting, r => r.Correction.Id == waiting);
        Assert.All(awaiting, r => Assert.Equal(CorrectionState.AwaitingApproval, r.State));
    }
}
