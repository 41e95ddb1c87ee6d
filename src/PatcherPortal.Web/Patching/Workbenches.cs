using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Registry;
using PatcherPortal.Web.Settings;

namespace PatcherPortal.Web.Patching;

/// <summary>
/// One workbench per model, used by one job at a time (the queue has one worker; the gate also covers a job that
/// SQLite storage re-queued while it still ran). A job that fails throws its workbench away: the next starts clean.
/// </summary>
public sealed class Workbenches(ModelRegistry registry, PortalPaths paths, PatchTensorStore store, IOptions<PatcherOptions> patcher,
    IDbContextFactory<PortalDbContext> databases, PortalSettings settings) : IDisposable
{
    private static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(30);
    private readonly KeyedGates gates = new();
    private volatile bool disposed;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, EditWorkbench?> benches = new();

    /// <summary>Runs <paramref name="work"/> on the model's workbench (off the caller's thread), mirroring the version in service.
    /// <paramref name="rebuild"/> starts from a fresh copy: a candidate trained again must not find its earlier training's
    /// own inputs in the memory it is to stay silent on.</summary>
    public async Task<T> UseAsync<T>(string modelName, Action<string> phase, Func<EditWorkbench, ModelVersion, Task<T>> work, CancellationToken cancellation,
        bool rebuild = false)
    {
        using var entered = await gates.EnterAsync(modelName, cancellation);
        ObjectDisposedException.ThrowIf(disposed, this);
        await WaitUntilServingAsync(modelName, phase, cancellation);
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var version = await ModelVersions.CurrentAsync(db, modelName) ?? throw new ModelUnavailableException("The model has no version yet.");
        var bench = benches.GetValueOrDefault(modelName);
        var editor = await settings.EditorAsync(modelName, cancellation);
        // A retrain starts afresh; a consolidation (or a roll back across one) changed the base; the model has new data
        // (an upload, a kept answer); or an admin chose another editor.
        if (bench is not null && (rebuild || bench.BaseDirectory != paths.BaseOf(version) || !ReferenceEquals(bench.Evaluation, registry.Evaluation(modelName))
            || bench.Editor != editor))
        {
            bench.Dispose();
            bench = benches[modelName] = null;
        }
        if (bench is null)
        {
            phase("Loading the model and its memory of past inputs");
            var pastEdits = await PastEditsAsync(db, modelName);
            var evaluation = registry.Evaluation(modelName);
            var model = registry[modelName];
            var options = EditorSettings.Apply(patcher.Value, model.Definition.EditorSettings);
            // A registered model without data of its own is kept silent on its recent traffic instead.
            (List<LabelledInput> Items, int LastId)? traffic = evaluation.Memory.Count > 0 ? null : await TrafficSinceAsync(db, modelName, 0);
            var setup = traffic is null ? evaluation.PatcherSetup(options) : new PatcherSetup(options, Unkept(traffic.Value.Items, evaluation));
            bench = benches[modelName] = await Task.Run(() => new EditWorkbench(paths.BaseOf(version), model.Device, setup, pastEdits, evaluation, editor), cancellation);
            bench.TrafficSeen = traffic?.LastId ?? 0;
        }
        else if (bench.Evaluation.Memory.Count == 0)
        {
            // The memory of a model without data is its traffic, which grows after the copy was built.
            var newer = await TrafficSinceAsync(db, modelName, bench.TrafficSeen);
            await Task.Run(() => bench.Remember(Unkept(newer.Items, bench.Evaluation)), cancellation);
            bench.TrafficSeen = newer.LastId;
        }
        if (bench.Version != version.Number) await MirrorAsync(db, modelName, bench, version);
        try
        {
            return await Task.Run(() => work(bench, version), cancellation);
        }
        catch
        {
            benches[modelName] = null;
            bench.Dispose();
            throw;
        }
    }

    /// <summary>Brings the workbench to the version's live patches: only the changed ones when the kept ones stay in the
    /// version's order (one approval among thousands), else all of them. A job whose version lost its files fails saying
    /// so, and trains nothing.</summary>
    private async Task MirrorAsync(PortalDbContext db, string modelName, EditWorkbench bench, ModelVersion version)
    {
        try
        {
            var live = (await VersionChain.LiveAsync(db, version)).Ids;
            var (wanted, carried) = (live.ToHashSet(), bench.PatchIds.ToList());
            var had = carried.ToHashSet();
            var added = live.Where(id => !had.Contains(id)).ToList();
            var dimension = registry[modelName].Dimension;
            if (bench.Version > 0 && carried.Where(wanted.Contains).Concat(added).SequenceEqual(live))
                bench.Mirror(version.Number, carried.Where(id => !wanted.Contains(id)).ToList(), await store.LoadAsync(db, modelName, added, dimension));
            else
                bench.Mirror(version.Number, await store.LoadVersionAsync(db, version, dimension, damagedSnapshotFallsBack: true));
        }
        catch (Exception error) when (error is InvalidOperationException or Engine.Checkpoints.CheckpointException)
        {
            throw new ModelUnavailableException($"Version v{version.Number} of the model '{modelName}' cannot be loaded: {error.Message}");
        }
    }

    /// <summary>Jobs queued before a restart wait while the model is being built or loaded again.</summary>
    private async Task WaitUntilServingAsync(string modelName, Action<string> phase, CancellationToken cancellation)
    {
        var model = registry[modelName];
        while (!model.IsReady)
        {
            if (model.Failed) throw new ModelUnavailableException($"The model could not be brought into service: {model.Activity}");
            phase($"Waiting for the model to be in service ({model.Activity})");
            await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
        }
    }

    /// <summary>Inputs (and paraphrases) of every fixed edit, with their targets; live only: those the model serves,
    /// by a live patch or folded into its base by a consolidation.</summary>
    public static async Task<List<LabelledInput>> PastEditsAsync(PortalDbContext db, string modelName, bool liveOnly = false)
    {
        var fixedEdits = await db.Corrections.Where(c => c.Model == modelName && c.Status == CorrectionStatus.Fixed)
            .Where(c => !liveOnly || c.Patches.Any(p => p.Status == PatchStatus.Live || p.Status == PatchStatus.Retired)).OrderBy(c => c.Id).ToListAsync();
        return fixedEdits.SelectMany(c => new[] { c.Input }.Concat(c.Paraphrases).Select(i => new LabelledInput(i, c.Target))).ToList();
    }

    /// <summary>Traffic without the inputs of the keep set (answers annotators kept): memory and keep set stay disjoint.</summary>
    private static List<LabelledInput> Unkept(List<LabelledInput> traffic, EvaluationData evaluation)
    {
        var kept = evaluation.Train.Concat(evaluation.Test).Select(k => Engine.Editing.AnswerNormalizer.Normalize(k.Input)).ToHashSet();
        return traffic.Where(t => !kept.Contains(Engine.Editing.AnswerNormalizer.Normalize(t.Input))).ToList();
    }

    /// <summary>A model with no data of its own yet learns what its patches must stay silent on from what it was asked:
    /// the inputs in its review queue, with the answers it gave.</summary>
    public static async Task<List<LabelledInput>> TrafficAsync(PortalDbContext db, string modelName, int count = 5000) =>
        (await TrafficSinceAsync(db, modelName, 0, count)).Items;

    /// <summary>The latest <paramref name="count"/> answers logged after review item <paramref name="afterId"/>, and the
    /// last id among them (<paramref name="afterId"/> when there are none).</summary>
    private static async Task<(List<LabelledInput> Items, int LastId)> TrafficSinceAsync(PortalDbContext db, string modelName,
        int afterId, int count = 5000)
    {
        var rows = await db.ReviewItems.Where(r => r.Model == modelName && r.Id > afterId).OrderByDescending(r => r.Id).Take(count)
            .Select(r => new { r.Id, r.Input, r.Output }).ToListAsync();
        return (rows.Select(r => new LabelledInput(r.Input, r.Output)).ToList(), rows.Count == 0 ? afterId : rows[0].Id);
    }

    /// <summary>Frees each workbench once the job using it (on a thread of its own) has let go: freeing a model under a
    /// running job crashes the process in native code. A job still running after <see cref="ShutdownWait"/> keeps its
    /// workbench, which the ending process frees.</summary>
    public void Dispose()
    {
        disposed = true;
        foreach (var (name, bench) in benches)
        {
            IDisposable entered;
            try { entered = gates.EnterAsync(name, ShutdownWait).GetAwaiter().GetResult(); }
            catch (TimeoutException) { continue; }
            using (entered) bench?.Dispose();
        }
    }
}
