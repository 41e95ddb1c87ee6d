using Hangfire;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Data;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Metrics;

namespace PatcherPortal.Web.Patching;

/// <summary>
/// Creates model versions: writes the new live patch set to its own file (atomically), then records it with the patches'
/// new statuses and whatever the caller adds in one save, then swaps it into the serving model. A crash before the save
/// leaves the previous version in service and at most an unreferenced file. One change at a time per model, across all
/// the processes sharing the database (other nodes pick the new version up with <see cref="VersionWatcher"/>).
/// </summary>
public sealed class ModelVersions(IDbContextFactory<PortalDbContext> databases, ModelRegistry registry, PatchTensorStore store,
    PortalPaths paths, IBackgroundJobClient jobs, ClusterLock cluster)
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(1);

    public static async Task<ModelVersion?> CurrentAsync(PortalDbContext db, string modelName) =>
        await db.ModelVersions.Where(v => v.Model == modelName).OrderByDescending(v => v.Number).FirstOrDefaultAsync();

    /// <summary>The bare base model is version 1.</summary>
    public async Task<ModelVersion> EnsureBaseAsync(string modelName)
    {
        using var held = await cluster.AcquireAsync(LockName(modelName), LockTimeout);
        await using var db = await databases.CreateDbContextAsync();
        if (await CurrentAsync(db, modelName) is { } current) return current;
        var model = registry[modelName];
        var version = new ModelVersion
        {
            Model = modelName, Number = 1, CreatedAt = DateTime.UtcNow, CreatedBy = "system", Reason = "Base model",
            ParameterCount = model.BaseParameterCount,
        };
        db.ModelVersions.Add(version);
        Audit.Audit.Record(db, "system", "version.created", $"{modelName} v1", details: $"Base model, {model.BaseParameterCount:N0} parameters");
        await db.SaveChangesAsync();
        return version;
    }

    /// <param name="alsoSave">Adds to the same save; it may add the records of new patches (their files already written).</param>
    /// <param name="newBase">The base the version builds on; null keeps the current version's.</param>
    /// <param name="cause">What each patch entering or leaving service records in its history (with the actor); by default
    /// "served", with the version's reason.</param>
    public async Task<ModelVersion> CreateAsync(string modelName, Func<IReadOnlyList<Guid>, IReadOnlyList<Guid>> change, string actor,
        string reason, Action<PortalDbContext, int>? alsoSave = null, BaseChange? newBase = null, PatchCause? cause = null)
    {
        using var held = await cluster.AcquireAsync(LockName(modelName), LockTimeout);
        await using var db = await databases.CreateDbContextAsync();
        var current = await CurrentAsync(db, modelName) ?? throw new InvalidOperationException("The model has no base version yet.");
        var ids = change(current.PatchIds).Distinct().ToList();
        var model = registry[modelName];
        var number = current.Number + 1;
        alsoSave?.Invoke(db, number);
        var patches = await store.LoadAsync(db, modelName, ids, model.Dimension, previous: current);
        var version = new ModelVersion
        {
            Model = modelName, Number = number, CreatedAt = DateTime.UtcNow, CreatedBy = actor, Reason = reason, PatchIds = ids,
            PatchCount = ids.Count, ParameterCount = model.BaseParameterCount + patches.Sum(p => p.ParameterCount),
            PatchFile = ids.Count == 0 ? null : store.SaveVersion(modelName, number, patches),
            BaseModel = newBase is null ? current.BaseModel : newBase.Directory,
        };
        db.ModelVersions.Add(version);
        await MarkStatusesAsync(db, modelName, ids, number, cause ?? new PatchCause(PatchEventKind.Served, reason), actor);
        Audit.Audit.Record(db, actor, "version.created", $"{modelName} v{number}", reason, $"{ids.Count} live patches");
        // A new base is loaded before the row that points to it is committed, so serving switches to it whole or not at all.
        var swap = version.BaseModel == model.BaseModel ? null
            : new BaseSwap(await Task.Run(() => PretrainedModels.Load(paths.BaseOf(version), registry.Device.Value)), version.BaseModel);
        try
        {
            await db.SaveChangesAsync();
        }
        catch
        {
            swap?.Model.Dispose();
            patches.ForEach(p => p.Dispose());
            throw;
        }
        model.Publish(number, patches, swap);
        jobs.Enqueue<MetricsJob>(JobQueues.For(modelName), job => job.RunAsync(modelName, CancellationToken.None));
        return version;
    }

    private static string LockName(string modelName) => $"versions:{modelName}";

    private static async Task MarkStatusesAsync(PortalDbContext db, string modelName, List<Guid> liveIds, int number, PatchCause cause, string actor)
    {
        var live = liveIds.ToHashSet();
        var records = await db.Patches.Where(p => p.Model == modelName && (liveIds.Contains(p.Id) || p.Status == PatchStatus.Live)).ToListAsync();
        foreach (var record in records)
        {
            if (live.Contains(record.Id))
            {
                if (record.Status == PatchStatus.Live) continue;
                record.LiveInVersion = number;
                PatchHistory.Move(db, record, PatchStatus.Live, cause.Kind, actor, cause.Reason, number);
            }
            else if (record.Status == PatchStatus.Live) // a status the caller set (Retired) stands
                PatchHistory.Move(db, record, PatchStatus.Removed, cause.Kind, actor, cause.Reason, number);
        }
    }
}

/// <summary>Why a version moves patches in or out of service, as their histories record it.</summary>
public sealed record PatchCause(PatchEventKind Kind, string? Reason);

/// <summary>The base a new version builds on: a directory relative to the data directory, or null for the original base.</summary>
public sealed record BaseChange(string? Directory);
