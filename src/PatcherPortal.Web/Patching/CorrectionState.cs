using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Patching;

/// <summary>Where a correction stands for the people who made it: not only whether its job fixed the mistake, but whether
/// the fix serves (live, awaiting approval, in the base) or no longer does (rejected, removed, rolled back).</summary>
public enum CorrectionState { Queued, Training, NotFixed, AlreadyCorrect, AwaitingApproval, Live, InBase, Rejected, Removed, RolledBack }

public static class CorrectionStates
{
    /// <summary>Needs the correction's patches, and their histories to tell a roll back from a removal.</summary>
    public static CorrectionState Of(Correction correction) => correction.Status switch
    {
        CorrectionStatus.Queued => CorrectionState.Queued,
        CorrectionStatus.Training => CorrectionState.Training,
        CorrectionStatus.AlreadyCorrect => CorrectionState.AlreadyCorrect,
        CorrectionStatus.Failed => CorrectionState.NotFixed,
        _ => OfPatches(correction.Patches),
    };

    private static CorrectionState OfPatches(IReadOnlyCollection<PatchRecord> patches)
    {
        bool Any(PatchStatus status) => patches.Any(p => p.Status == status);
        if (Any(PatchStatus.Live)) return CorrectionState.Live;
        if (Any(PatchStatus.Pending)) return CorrectionState.AwaitingApproval;
        if (Any(PatchStatus.Rejected)) return CorrectionState.Rejected;
        if (patches.Any(p => p.Status == PatchStatus.Removed && p.History.LastOrDefault()?.Kind == PatchEventKind.RolledBack))
            return CorrectionState.RolledBack;
        if (Any(PatchStatus.Removed)) return CorrectionState.Removed;
        return CorrectionState.InBase;
    }

    /// <summary>A fix whose patches no longer serve, or never did.</summary>
    public static bool OutOfService(CorrectionState state) => state is CorrectionState.Rejected or CorrectionState.Removed or CorrectionState.RolledBack;
}
