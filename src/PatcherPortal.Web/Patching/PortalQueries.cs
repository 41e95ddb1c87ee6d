using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Patching;

/// <summary>A patch as listed in the inventory, with the edit it fixes.</summary>
public sealed record PatchRow(PatchRecord Patch, Correction Correction, int EditPatchCount);

/// <summary>Read-only queries the pages share.</summary>
public sealed class PortalQueries(IDbContextFactory<PortalDbContext> databases)
{
    public async Task<List<PatchRow>> PatchesAsync(string? modelName, PatchStatus? status, string? search)
    {
        await using var db = await databases.CreateDbContextAsync();
        var query = db.Patches.Include(p => p.Correction).AsQueryable();
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
        return await db.Corrections.Include(c => c.Patches).SingleOrDefaultAsync(c => c.Id == id);
    }

    public async Task<List<Correction>> RecentCorrectionsAsync(int count)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.Corrections.OrderByDescending(c => c.Id).Take(count).ToListAsync();
    }

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
