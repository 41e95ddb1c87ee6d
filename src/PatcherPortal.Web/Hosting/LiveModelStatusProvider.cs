using PatcherPortal.Web.Models;

namespace PatcherPortal.Web.Hosting;

public sealed class LiveModelStatusProvider(ModelRegistry registry) : IModelStatusProvider
{
    public Task<ModelStatus> GetStatusAsync(ModelTask task, CancellationToken cancellationToken = default)
    {
        var model = registry[task];
        var status = model.IsReady
            ? new ModelStatus(task, model.ModelName, $"v{model.Version}", model.PatchCount, IsLoaded: true)
            : ModelStatus.NotLoaded(task) with { Activity = model.Activity, Progress = model.Progress, Failed = model.Failed };
        return Task.FromResult(status with { Parameters = model.ParameterCount, Warning = model.Warning });
    }
}
