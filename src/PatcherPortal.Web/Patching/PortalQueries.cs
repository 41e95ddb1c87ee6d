using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Components.Shared;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Patching;

/// <summary>A patch as listed in the inventory, with the edit it fixes.</summary>
public sealed record PatchRow(PatchRecord Patch, Correction Correction, int EditPatchCount);

/// <summary>A correction as listed, with where it stands and whether its patches kept to their constraints.</summary>
public sealed record CorrectionRow(Correction Correction, CorrectionState State, bool ConstraintsHeld)
{
    public static CorrectionRow Of(Correction correction) =>
        new(correction, CorrectionStates.Of(correction), PatchConstraints.Held(correction.Patches, PatchConstraints.BoundsOf(correction)));
}

/// <summary>Read-only queries the pages share.</summary>
public sealed class PortalQueries(IDbContextFactory<PortalDbContext> databases)
{
    public const int PageSize = 50;

    /// <summary>One page of the inventory, newest first; <see cref="PatchRow.EditPatchCount"/> counts each edit's patches
    /// on every page, not only those on this one.</summary>
    public async Task<List<PatchRow>> PatchesAsync(string? modelName, PatchStatus? status, string? search, int page = 0, int pageSize = PageSize)
    {
        await using var db = await databases.CreateDbContextAsync();
        var ids = await PatchQuery(db, modelName, status, search).OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Index)
            .Skip(page * pageSize).Take(pageSize).Select(p => p.Id).ToListAsync();
        var patches = await db.Patches.Where(p => ids.Contains(p.Id)).Include(p => p.Correction).ThenInclude(c => c!.Neighbours)
            .Include(p => p.History.OrderBy(h => h.Id)).AsSplitQuery().ToListAsync();
        var corrections = patches.Select(p => p.CorrectionId).Distinct().ToList();
        var sizes = await db.Patches.Where(p => corrections.Contains(p.CorrectionId)).GroupBy(p => p.CorrectionId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var byId = patches.ToDictionary(p => p.Id);
        return ids.Select(id => byId[id]).Select(p => new PatchRow(p, p.Correction!, sizes[p.CorrectionId])).ToList();
    }

    /// <summary>How many patches the inventory's filters match (its pages together).</summary>
    public async Task<int> PatchCountAsync(string? modelName, PatchStatus? status, string? search)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await PatchQuery(db, modelName, status, search).CountAsync();
    }

    private static IQueryable<PatchRecord> PatchQuery(PortalDbContext db, string? modelName, PatchStatus? status, string? search)
    {
        var query = db.Patches.AsQueryable();
        if (modelName is { } t) query = query.Where(p => p.Model == t);
        if (status is { } s) query = query.Where(p => p.Status == s);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{search.Trim()}%";
            query = query.Where(p => EF.Functions.Like(p.Correction!.Input, pattern) || EF.Functions.Like(p.Correction.Target, pattern)
                                     || EF.Functions.Like(p.Correction.Author, pattern));
        }
        return query;
    }

    public async Task<Dictionary<PatchStatus, int>> PatchCountsAsync(string? modelName)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.Patches.Where(p => modelName == null || p.Model == modelName).GroupBy(p => p.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
    }

    /// <summary>The model's versions without their patch lists (a version lists every live patch): the newest
    /// <paramref name="newest"/>, or, with <paramref name="points"/>, that many spread evenly from the first to the newest.</summary>
    public async Task<List<ModelVersion>> VersionsAsync(string modelName, int? newest = null, int? points = null)
    {
        await using var db = await databases.CreateDbContextAsync();
        var versions = db.ModelVersions.Where(v => v.Model == modelName);
        var numbers = await Pick(versions.OrderBy(v => v.Number).Select(v => v.Number), newest, points);
        return await versions.Where(v => numbers.Contains(v.Number)).OrderBy(v => v.Number).Select(v => new ModelVersion
        {
            Id = v.Id, Model = v.Model, Number = v.Number, CreatedAt = v.CreatedAt, CreatedBy = v.CreatedBy, Reason = v.Reason,
            PatchCount = v.PatchCount, ParameterCount = v.ParameterCount, BaseModel = v.BaseModel, PatchFile = v.PatchFile,
        }).ToListAsync();
    }

    public async Task<int> VersionCountAsync(string modelName)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.ModelVersions.CountAsync(v => v.Model == modelName);
    }

    /// <summary>Versions whose base differs from the one before: consolidations (and roll backs across one).</summary>
    public async Task<int> ConsolidationCountAsync(string modelName)
    {
        await using var db = await databases.CreateDbContextAsync();
        var bases = await db.ModelVersions.Where(v => v.Model == modelName).OrderBy(v => v.Number).Select(v => v.BaseModel).ToListAsync();
        return bases.Skip(1).Where((b, i) => b != bases[i]).Count();
    }

    /// <summary>The model's retain measurements, oldest first: all, or <paramref name="points"/> spread evenly from the first
    /// to the latest plus the latest <paramref name="latest"/> (the table beside the chart).</summary>
    public async Task<List<MetricSnapshot>> MetricsAsync(string modelName, int? points = null, int latest = 0)
    {
        await using var db = await databases.CreateDbContextAsync();
        var snapshots = db.Metrics.Where(m => m.Model == modelName);
        var ids = await snapshots.OrderBy(m => m.ModelVersion).ThenBy(m => m.Id).Select(m => m.Id).ToListAsync();
        var chosen = (points is { } n ? Downsample.Pick(ids, n).Concat(ids.TakeLast(latest)) : ids).Distinct().ToList();
        return (await snapshots.Where(m => chosen.Contains(m.Id)).ToListAsync()).OrderBy(m => m.ModelVersion).ThenBy(m => m.Id).ToList();
    }

    public async Task<int> MetricCountAsync(string modelName)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.Metrics.CountAsync(m => m.Model == modelName);
    }

    /// <summary>Keys (small values) read whole, then the rows are fetched for the chosen ones only.</summary>
    private static async Task<List<int>> Pick(IQueryable<int> ordered, int? newest, int? points)
    {
        var all = await ordered.ToListAsync();
        if (newest is { } n) return all.TakeLast(n).ToList();
        return points is { } p ? Downsample.Pick(all, p).ToList() : all;
    }

    public async Task<Correction?> CorrectionAsync(int id)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await WithPatches(db.Corrections).Include(c => c.Neighbours).SingleOrDefaultAsync(c => c.Id == id);
    }

    /// <summary>The newest corrections, or the newest in one state.</summary>
    public async Task<List<CorrectionRow>> CorrectionsAsync(int count, CorrectionState? state = null)
    {
        await using var db = await databases.CreateDbContextAsync();
        var query = WithPatches(db.Corrections);
        // Narrowed in the database where the stored statuses decide; the state itself is derived from the patches.
        if (state is CorrectionState.AwaitingApproval) query = query.Where(c => c.Patches.Any(p => p.Status == PatchStatus.Pending));
        if (state is CorrectionState.NotFixed) query = query.Where(c => c.Status == CorrectionStatus.Failed);
        var rows = (await query.OrderByDescending(c => c.Id).Take(state is null ? count : 5 * count).ToListAsync()).Select(CorrectionRow.Of);
        return (state is null ? rows : rows.Where(r => r.State == state)).Take(count).ToList();
    }

    /// <summary>Later attempts at the same mistake (same model and input), oldest first.</summary>
    public async Task<List<Correction>> RetriesOfAsync(Correction correction)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.Corrections.Where(c => c.Model == correction.Model && c.Input == correction.Input && c.Id > correction.Id)
            .OrderBy(c => c.Id).ToListAsync();
    }

    /// <summary>Edits (not patches: a generation edit may have several) waiting for an admin's approval.</summary>
    public async Task<int> EditsAwaitingApprovalAsync()
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.Patches.Where(p => p.Status == PatchStatus.Pending).Select(p => p.CorrectionId).Distinct().CountAsync();
    }

    private static IQueryable<Correction> WithPatches(IQueryable<Correction> corrections) =>
        corrections.Include(c => c.Patches).ThenInclude(p => p.History.OrderBy(h => h.Id)).AsSplitQuery();

    /// <summary>One page of the audit log, newest first.</summary>
    public async Task<List<AuditEntry>> AuditAsync(string? search, string? action, int page = 0, int pageSize = PageSize)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await AuditQuery(db, search, action).OrderByDescending(a => a.Id).Skip(page * pageSize).Take(pageSize).ToListAsync();
    }

    public async Task<int> AuditCountAsync(string? search, string? action)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await AuditQuery(db, search, action).CountAsync();
    }

    private static IQueryable<AuditEntry> AuditQuery(PortalDbContext db, string? search, string? action)
    {
        var query = db.AuditLog.AsQueryable();
        if (!string.IsNullOrWhiteSpace(action)) query = query.Where(a => a.Action.StartsWith(action));
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{search.Trim()}%";
            query = query.Where(a => EF.Functions.Like(a.Actor, pattern) || EF.Functions.Like(a.Subject, pattern)
                                     || EF.Functions.Like(a.Reason ?? "", pattern) || EF.Functions.Like(a.Details ?? "", pattern));
        }
        return query;
    }
}
