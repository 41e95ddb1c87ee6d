namespace PatcherPortal.Web.Models;

public sealed record ModelStatus(ModelTask Task, string ModelName, string Version, int PatchCount, bool IsLoaded)
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

    public static ModelStatus NotLoaded(ModelTask task) =>
        new(task, NotLoadedText, NotLoadedText, 0, IsLoaded: false);
}
