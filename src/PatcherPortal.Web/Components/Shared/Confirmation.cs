using MudBlazor;

namespace PatcherPortal.Web.Components.Shared;

/// <summary>Asks before an action that cannot be taken back (or starts long work); true only when confirmed.</summary>
public static class Confirmation
{
    public static async Task<bool> AskAsync(IDialogService dialogs, string title, string message, string confirmText) =>
        await dialogs.ShowMessageBoxAsync(title, message, yesText: confirmText, cancelText: "Cancel") == true;
}
