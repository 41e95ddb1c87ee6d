using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Models;

namespace PatcherPortal.Web.Patching;

/// <summary>
/// One workbench per task, used by one job at a time (the queue has one worker; the gate also covers a job that
/// SQLite storage re-queued while it still ran). A job that fails throws its workbench away: the next starts clean.
/// </summary>
public sealed class Workbenches(ModelRegistry registry, PortalPaths paths, PatchTensorStore store, IOptions<PatcherOptions> patcher,
    IDbContextFactory<PortalDbContext> databases) : IDisposable
{
    private readonly Dictionary<ModelTask, SemaphoreSlim> gates = ModelTaskExtensions.All.ToDictionary(t => t, _ => new SemaphoreSlim(1, 1));
    private readonly Dictionary<ModelTask, EditWorkbench?> benches = ModelTaskExtensions.All.ToDictionary(t => t, _ => (EditWorkbench?)null);

    /// <summary>Runs <paramref name="work"/> on the task's workbench (off the caller's thread), mirroring the version in service.</summary>
    public async Task<T> UseAsync<T>(ModelTask task, Action<string> phase, Func<EditWorkbench, ModelVersion, Task<T>> work, CancellationToken cancellation)
    {
        await gates[task].WaitAsync(cancellation);
        try
        {
            await WaitUntilServingAsync(task, phase, cancellation);
            await using var db = await databases.CreateDbContextAsync(cancellation);
            var version = await ModelVersions.CurrentAsync(db, task) ?? throw new ModelUnavailableException("The model has no version yet.");
            var bench = benches[task];
            if (bench is not null && bench.BaseDirectory != paths.BaseOf(version))
            {
                bench.Dispose(); // a consolidation (or a roll back across one) changed the base
                bench = benches[task] = null;
            }
            if (bench is null)
            {
                phase("Loading the model and its memory of past inputs");
                var pastEdits = await PastEditsAsync(db, task);
                var evaluation = registry.Evaluation(task);
                bench = benches[task] = await Task.Run(() => new EditWorkbench(paths.BaseOf(version), registry.Device.Value,
                    evaluation.PatcherSetup(patcher.Value), pastEdits, evaluation), cancellation);
            }
            if (bench.Version != version.Number)
                bench.Mirror(version.Number, await LoadVersionAsync(db, task, version));
            try
            {
                return await Task.Run(() => work(bench, version), cancellation);
            }
            catch
            {
                benches[task] = null;
                bench.Dispose();
                throw;
            }
        }
        finally
        {
            gates[task].Release();
        }
    }

    /// <summary>The version's live patches; a job whose version lost its files fails saying so, and trains nothing.</summary>
    private async Task<List<Engine.Patching.Patch>> LoadVersionAsync(PortalDbContext db, ModelTask task, ModelVersion version)
    {
        try
        {
            return await store.LoadAsync(db, task, version.PatchIds, registry[task].Dimension);
        }
        catch (Exception error) when (error is InvalidOperationException or Engine.Checkpoints.CheckpointException)
        {
            throw new ModelUnavailableException($"Version v{version.Number} of the {task.DisplayName().ToLowerInvariant()} model cannot be loaded: {error.Message}");
        }
    }

    /// <summary>Jobs queued before a restart wait while the model is being built or loaded again.</summary>
    private async Task WaitUntilServingAsync(ModelTask task, Action<string> phase, CancellationToken cancellation)
    {
        var model = registry[task];
        while (!model.IsReady)
        {
            if (model.Failed) throw new ModelUnavailableException($"The model could not be brought into service: {model.Activity}");
            phase($"Waiting for the model to be in service ({model.Activity})");
            await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
        }
    }

    /// <summary>Inputs (and paraphrases) of every fixed edit, with their targets; live only: those the model serves,
    /// by a live patch or folded into its base by a consolidation.</summary>
    public static async Task<List<(string Input, string Target)>> PastEditsAsync(PortalDbContext db, ModelTask task, bool liveOnly = false)
    {
        var fixedEdits = await db.Corrections.Where(c => c.Task == task && c.Status == CorrectionStatus.Fixed)
            .Where(c => !liveOnly || c.Patches.Any(p => p.Status == PatchStatus.Live || p.Status == PatchStatus.Retired)).OrderBy(c => c.Id).ToListAsync();
        return fixedEdits.SelectMany(c => new[] { c.Input }.Concat(c.Paraphrases).Select(i => (i, c.Target))).ToList();
    }

    public void Dispose()
    {
        foreach (var bench in benches.Values) bench?.Dispose();
    }
}
