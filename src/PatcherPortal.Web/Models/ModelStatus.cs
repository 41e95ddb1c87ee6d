namespace PatcherPortal.Web.Models;

/// <param name="Model">The registered model's name.</param>
/// <param name="ModelName">Its display name.</param>
public sealed record ModelStatus(string Model, string ModelName, string Version, int PatchCount, bool IsLoaded)
{
    public const string NotLoadedText = "not loaded yet";

    /// <summary>What the model is doing while not loaded (building, loading, failed), for the UI.</summary>
    public string? Activity { get; init; }
    /// <summary>Build progress from 0 to 1 while the model is being built.</summary>
    public double? Progress { get; init; }
    public long Parameters { get; init; }
    public bool Failed { get; init; }
    /// <summary>Why a model in service is not serving its latest version, if it is not.</summary>
    public string? Warning { get; init; }
    public string? Description { get; init; }
    public ModelKind Kind { get; init; }

    public static ModelStatus NotLoaded(string modelName) =>
        new(modelName, modelName, NotLoadedText, 0, IsLoaded: false);
}
