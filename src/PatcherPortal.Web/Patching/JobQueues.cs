namespace PatcherPortal.Web.Patching;

/// <summary>One Hangfire queue per model, each served by a single worker: one job at a time per model.</summary>
public static class JobQueues
{
    /// <summary>Model names are already lower-case letters, digits, '-' and '_', as Hangfire wants queue names.</summary>
    public static string For(string modelName) => $"model_{modelName}";
}
