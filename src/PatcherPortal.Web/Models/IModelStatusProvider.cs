namespace PatcherPortal.Web.Models;

/// <summary>Reports which model serves each task, its version and how many patches it carries.</summary>
public interface IModelStatusProvider
{
    Task<ModelStatus> GetStatusAsync(ModelTask task, CancellationToken cancellationToken = default);
}
