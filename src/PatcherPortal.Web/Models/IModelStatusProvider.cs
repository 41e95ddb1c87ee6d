namespace PatcherPortal.Web.Models;

/// <summary>Reports the models in service (or being prepared), their versions and how many patches they carry.</summary>
public interface IModelStatusProvider
{
    Task<IReadOnlyList<ModelStatus>> GetStatusesAsync(CancellationToken cancellationToken = default);
}
