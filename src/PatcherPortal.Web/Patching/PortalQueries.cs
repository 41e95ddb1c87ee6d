using Microsoft.EntityFrameworkCore;
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
    public async Task<List<PatchRow>> PatchesAsync(string? modelName, PatchStatus? status, string? search)
    {
        await using var db = await databases.CreateDbContextAsync();
        var query = db.Patches.Include(p => p.Correction).ThenInclude(c => c!.Neighbours).Include(p => p.History.OrderBy(h => h.Id)).AsSplitQuery();
        if (modelName is { } t) query = query.Where(p => p.Model == t);
        if (status is { } s) query = query.Where(p => p.Status == s);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{search.Trim()}%";
            query = query.Where(p => EF.Functions.Like(p.Correction!.Input, pattern) || EF.Functions.Like(p.Correction.Target, pattern)
                                     || EF.Functions.Like(p.Correction.Author, pattern));
        }
        var patches = await query.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Index).Take(500).ToListAsync();
        var sizes = patches.GroupBy(p => p.CorrectionId).ToDictionary(g => g.Key, g => g.Count());
        return patches.Select(p => new PatchRow(p, p.Correction!, sizes[p.CorrectionId])).ToList();
    }

    public async Task<Dictionary<PatchStatus, int>> PatchCountsAsync(string? modelName)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.Patches.Where(p => modelName == null || p.Model == modelName).GroupBy(p => p.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
    }

    public async Task<List<ModelVersion>> VersionsAsync(string modelName)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.ModelVersions.Where(v => v.Model == modelName).OrderBy(v => v.Number).ToListAsync();
    }

    public async Task<List<MetricSnapshot>> MetricsAsync(string modelName)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.Metrics.Where(m => m.Model == modelName).OrderBy(m => m.ModelVersion).ToListAsync();
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

    public async Task<List<AuditEntry>> AuditAsync(string? search, string? action, int count = 500)
    {
        await using var db = await databases.CreateDbContextAsync();
        var query = db.AuditLog.AsQueryable();
        if (!string.IsNullOrWhiteSpace(action)) query = query.Where(a => a.Action.StartsWith(action));
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{search.Trim()}%";
            query = query.Where(a => EF.Functions.Like(a.Actor, pattern) || EF.Functions.Like(a.Subject, pattern)
                                     || EF.Functions.Like(a.Reason ?? "", pattern) || EF.Functions.Like(a.Details ?? "", pattern));
        }
        return await query.OrderByDescending(a => a.Id).Take(count).ToListAsync();
    }
}
