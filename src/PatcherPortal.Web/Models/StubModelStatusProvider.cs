namespace PatcherPortal.Web.Models;

/// <summary>Placeholder until the engine is wired in: every model is reported as not loaded yet.</summary>
public sealed class StubModelStatusProvider : IModelStatusProvider
{
    public Task<ModelStatus> GetStatusAsync(ModelTask task, CancellationToken cancellationToken = default) =>
        Task.FromResult(ModelStatus.NotLoaded(task));
}
