using PatcherPortal.Web.Models;

namespace PatcherPortal.Web.Patching;

/// <summary>One Hangfire queue per model, each served by a single worker: one job at a time per model.</summary>
public static class JobQueues
{
    public static string For(ModelTask task) => $"model_{task.Code()}";
}
