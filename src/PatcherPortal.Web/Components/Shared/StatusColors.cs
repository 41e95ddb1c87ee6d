using MudBlazor;
using PatcherPortal.Web.Data;

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

    public static Color Of(CorrectionStatus status) => status switch
    {
        CorrectionStatus.Fixed => Color.Success,
        CorrectionStatus.AlreadyCorrect => Color.Info,
        CorrectionStatus.Failed => Color.Error,
        _ => Color.Primary,
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

    public static string Label(CorrectionStatus status) => status switch
    {
        CorrectionStatus.AlreadyCorrect => "already correct",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Label(PatchStatus status) => status == PatchStatus.Pending ? "pending approval" : status.ToString().ToLowerInvariant();
}
