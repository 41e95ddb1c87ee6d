using MudBlazor;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Components.Shared;

/// <summary>How statuses look everywhere in the portal.</summary>
public static class StatusColors
{
    public static Color Of(ReviewStatus status) => status switch
    {
        ReviewStatus.Correct => Color.Success,
        ReviewStatus.WrongCorrected => Color.Warning,
        ReviewStatus.Skipped => Color.Default,
        _ => Color.Info,
    };

    public static Color Of(PatchStatus status) => status switch
    {
        PatchStatus.Live => Color.Success,
        PatchStatus.Pending => Color.Warning,
        PatchStatus.Rejected => Color.Error,
        _ => Color.Default,
    };

    public static string Label(ReviewStatus status) => status switch
    {
        ReviewStatus.WrongCorrected => "wrong · corrected",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Label(PatchStatus status) => status == PatchStatus.Pending ? "awaiting approval" : status.ToString().ToLowerInvariant();

    /// <summary>A fix that serves but broke a patch constraint shows as a warning, never as a plain green success.</summary>
    public static Color Of(CorrectionState state, bool constraintsHeld = true) => state switch
    {
        CorrectionState.Live or CorrectionState.InBase => constraintsHeld ? Color.Success : Color.Warning,
        CorrectionState.AwaitingApproval => Color.Warning,
        CorrectionState.NotFixed or CorrectionState.Rejected => Color.Error,
        CorrectionState.AlreadyCorrect => Color.Info,
        CorrectionState.Removed or CorrectionState.RolledBack => Color.Default,
        _ => Color.Primary,
    };

    public static string Label(CorrectionState state, bool constraintsHeld = true) => state switch
    {
        CorrectionState.NotFixed => "not fixed",
        CorrectionState.AlreadyCorrect => "already correct",
        CorrectionState.AwaitingApproval => "fixed, awaiting approval",
        CorrectionState.Live => "fixed and live",
        CorrectionState.InBase => "fixed, in the base",
        CorrectionState.RolledBack => "rolled back",
        _ => state.ToString().ToLowerInvariant(),
    } + (constraintsHeld ? "" : " · constraint not met");
}
