using Hangfire;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Data;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Metrics;

namespace PatcherPortal.Web.Patching;

/// <summary>
/// Creates model versions: stores the change to the live patch set (every so often the whole set, in its own file written
/// atomically: <see cref="VersionChain"/>), then records it with the patches'
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
        var live = await VersionChain.LiveAsync(db, current);
        var next = VersionChain.Next(live, change(live.Ids));
        var ids = next.Ids;
        var model = registry[modelName];
        var number = current.Number + 1;
        alsoSave?.Invoke(db, number);
        var added = await store.LoadAsync(db, modelName, next.Added, model.Dimension);
        var baseModel = newBase is null ? current.BaseModel : newBase.Directory;
        // Serving changes the patches in service; only a new base or a model behind the database needs them all, and a
        // snapshot's file.
        var servesChange = baseModel == model.BaseModel && model.Version == current.Number;
        var whole = servesChange && !next.IsSnapshot ? null
            : await store.LoadAsync(db, modelName, ids, model.Dimension,
                [.. model.CopyOfPatches(current.Number) ?? await store.LoadVersionAsync(db, current, model.Dimension, damagedSnapshotFallsBack: true),
                 .. added.Select(p => p.Copy())]);
        var version = new ModelVersion
        {
            Model = modelName, Number = number, CreatedAt = DateTime.UtcNow, CreatedBy = actor, Reason = reason,
            ParameterCount = model.BaseParameterCount + (ids.Count - await WeightDeltaCountAsync(db, modelName, ids)) * (2 * model.Dimension + 1),
            PatchFile = next.IsSnapshot && ids.Count > 0 ? store.SaveVersion(modelName, number, whole!) : null,
            BaseModel = baseModel,
        };
        next.StoreIn(version);
        db.ModelVersions.Add(version);
        await MarkStatusesAsync(db, next, number, cause ?? new PatchCause(PatchEventKind.Served, reason), actor);
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
            whole?.ForEach(p => p.Dispose());
            added.ForEach(p => p.Dispose());
            throw;
        }
        var changed = servesChange && model.PublishChange(current.Number, number, next.Removed, added); // takes the added patches over
        if (!servesChange) added.ForEach(p => p.Dispose());
        if (changed) whole?.ForEach(p => p.Dispose());
        else model.Publish(number, whole ?? await store.LoadVersionAsync(db, version, model.Dimension), swap);
        jobs.Enqueue<MetricsJob>(JobQueues.For(modelName), job => job.RunAsync(modelName, CancellationToken.None));
        return version;
    }

    private static string LockName(string modelName) => $"versions:{modelName}";

    /// <summary>Only the patches the version adds or removes change status: the others keep theirs.</summary>
    /// <summary>How many of the ids are MEND or KE weight deltas, which add no parameters (asked only of a model that has some).</summary>
    private static async Task<int> WeightDeltaCountAsync(PortalDbContext db, string modelName, List<Guid> ids) =>
        await db.Patches.AnyAsync(p => p.Model == modelName && p.Kind == Engine.Patching.PatchKind.WeightDelta)
            ? await db.Patches.CountAsync(p => p.Model == modelName && p.Kind == Engine.Patching.PatchKind.WeightDelta && ids.Contains(p.Id))
            : 0;

    private static async Task MarkStatusesAsync(PortalDbContext db, NextVersion next, int number, PatchCause cause, string actor)
    {
        var changed = next.Added.Concat(next.Removed).ToList();
        var added = next.Added.ToHashSet();
        foreach (var record in await db.Patches.Where(p => changed.Contains(p.Id)).ToListAsync())
        {
            if (added.Contains(record.Id))
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
