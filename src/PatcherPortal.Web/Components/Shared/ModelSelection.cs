using PatcherPortal.Web.Hosting;

namespace PatcherPortal.Web.Components.Shared;

/// <summary>The model a user last chose, remembered for the rest of their visit (one per circuit): a page opened without
/// <c>?model=</c> shows that one.</summary>
public sealed class ModelSelection(ModelRegistry registry)
{
    public string? Current { get; set; }

    /// <summary>The model a page shows: the one its address names (<c>?model=</c>, or the earlier <c>?task=</c>), else the
    /// one last chosen, else the first in service.</summary>
    public string? Pick(string? requested)
    {
        var name = requested is { Length: > 0 } ? requested : Current;
        if (name is null || (registry.Find(name) is null && requested is null)) name = registry.All.FirstOrDefault()?.Name;
        return Current = name;
    }
}
