using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Patching;

/// <summary>
/// A version's live patches, read from its snapshot and the changes stored after it. A version becomes a snapshot when
/// the chain of changes since the last one reaches <see cref="MaxChain"/> versions or holds as many ids as the live set
/// itself (then writing the snapshot costs no more than reading the chain would).
/// </summary>
public static class VersionChain
{
    public const int MaxChain = 100;

    public static async Task<LiveSet> LiveAsync(PortalDbContext db, ModelVersion version)
    {
        if (version.IsSnapshot) return new LiveSet(version, [.. version.PatchIds], 0, 0);
        var snapshot = await db.ModelVersions.AsNoTracking()
            .Where(v => v.Model == version.Model && v.Number < version.Number && v.IsSnapshot).OrderByDescending(v => v.Number).FirstOrDefaultAsync()
            ?? throw new InvalidOperationException($"Version v{version.Number} of the model '{version.Model}' has no snapshot before it.");
        var changes = await db.ModelVersions.AsNoTracking()
            .Where(v => v.Model == version.Model && v.Number > snapshot.Number && v.Number <= version.Number).OrderBy(v => v.Number)
            .Select(v => new { v.AddedIds, v.RemovedIds }).ToListAsync();
        var ids = snapshot.PatchIds;
        foreach (var change in changes)
        {
            if (change.RemovedIds.Count > 0)
            {
                var removed = change.RemovedIds.ToHashSet();
                ids.RemoveAll(removed.Contains);
            }
            ids.AddRange(change.AddedIds);
        }
        return new LiveSet(snapshot, ids, changes.Count, changes.Sum(c => c.AddedIds.Count + c.RemovedIds.Count));
    }

    /// <summary>The version after <paramref name="current"/> whose live set is <paramref name="wanted"/>: the ids kept in
    /// their order, then the new ones; stored as its change unless it is due to be a snapshot.</summary>
    public static NextVersion Next(LiveSet current, IEnumerable<Guid> wanted)
    {
        var after = wanted.ToHashSet();
        var before = current.Ids.ToHashSet();
        var added = wanted.Distinct().Where(id => !before.Contains(id)).ToList();
        var removed = current.Ids.Where(id => !after.Contains(id)).ToList();
        var ids = current.Ids.Where(after.Contains).Concat(added).ToList();
        var snapshot = current.ChainLength + 1 >= MaxChain || current.ChainIds + added.Count + removed.Count >= ids.Count;
        return new NextVersion(ids, added, removed, snapshot);
    }
}

/// <summary>A version's live patch ids in serving order, the snapshot they were read from and the changes read after it.</summary>
public sealed record LiveSet(ModelVersion Snapshot, List<Guid> Ids, int ChainLength, int ChainIds);

public sealed record NextVersion(List<Guid> Ids, List<Guid> Added, List<Guid> Removed, bool IsSnapshot)
{
    /// <summary>What the version's row lists: all live ids for a snapshot, else the change.</summary>
    public void StoreIn(ModelVersion version)
    {
        version.IsSnapshot = IsSnapshot;
        version.PatchIds = IsSnapshot ? Ids : [];
        version.AddedIds = IsSnapshot ? [] : Added;
        version.RemovedIds = IsSnapshot ? [] : Removed;
        version.PatchCount = Ids.Count;
    }
}
