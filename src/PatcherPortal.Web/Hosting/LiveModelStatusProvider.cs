using PatcherPortal.Web.Models;

namespace PatcherPortal.Web.Hosting;

public sealed class LiveModelStatusProvider(ModelRegistry registry) : IModelStatusProvider
{
    public Task<IReadOnlyList<ModelStatus>> GetStatusesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ModelStatus>>(registry.All.Select(Status).ToList());

    private static ModelStatus Status(TaskModel model)
    {
        var status = model.IsReady
            ? new ModelStatus(model.Name, model.ModelName, $"v{model.Version}", model.PatchCount, IsLoaded: true)
            : ModelStatus.NotLoaded(model.Name) with { ModelName = model.ModelName, Activity = model.Activity, Progress = model.Progress, Failed = model.Failed };
        return status with
        {
            Parameters = model.ParameterCount, Warning = model.Warning, Description = model.Definition.Description, Kind = model.Kind,
        };
    }
}
