namespace PatcherPortal.Web.Models;

public sealed record ModelStatus(ModelTask Task, string ModelName, string Version, int PatchCount, bool IsLoaded)
{
    public const string NotLoadedText = "not loaded yet";

    public static ModelStatus NotLoaded(ModelTask task) =>
        new(task, NotLoadedText, NotLoadedText, 0, IsLoaded: false);
}
