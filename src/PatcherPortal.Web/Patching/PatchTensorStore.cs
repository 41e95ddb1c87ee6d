using Microsoft.EntityFrameworkCore;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.Web.Patching;

/// <summary>Patch tensors on disk: each edit's patches in its own file, each snapshot version's live set in one file.</summary>
public sealed class PatchTensorStore(PortalPaths paths, DataFiles files, FaultPoints faults)
{
    public void SaveEdit(string modelName, int correctionId, IEnumerable<Patch> patches) =>
        PatchFile.Save(paths.EditFile(modelName, correctionId), patches, files.Create);

    /// <summary>Adds patches re-trained for an edit to its file, beside the older ones earlier versions still serve. The
    /// file is replaced whole (written under a temporary name, then renamed).</summary>
    public void AddToEdit(string modelName, int correctionId, IReadOnlyList<Patch> patches, long dimension)
    {
        var path = paths.EditFile(modelName, correctionId);
        var existing = File.Exists(path) ? PatchFile.Load(path, dimension) : [];
        try
        {
            PatchFile.Save(path + ".tmp", [.. existing, .. patches]);
            File.Move(path + ".tmp", path, overwrite: true);
        }
        finally
        {
            existing.ForEach(p => p.Dispose());
        }
    }

    /// <summary>The patches with these ids, in this order: those in <paramref name="have"/> (which this takes over, disposing
    /// what is not wanted), the rest read from their edits' files (a version changes a few of thousands of patches).</summary>
    public async Task<List<Patch>> LoadAsync(PortalDbContext db, string modelName, IReadOnlyList<Guid> ids, long dimension, IEnumerable<Patch>? have = null)
    {
        var wanted = ids.ToHashSet();
        var loaded = new Dictionary<Guid, Patch>();
        foreach (var patch in have ?? [])
            if (wanted.Contains(patch.Id) && !loaded.ContainsKey(patch.Id)) loaded[patch.Id] = patch; else patch.Dispose();
        var rest = wanted.Where(id => !loaded.ContainsKey(id)).ToList();
        var owners = rest.Count == 0 ? [] : await db.Patches.Where(p => rest.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.CorrectionId);
        foreach (var added in db.Patches.Local.Where(p => wanted.Contains(p.Id) && !loaded.ContainsKey(p.Id))) owners[added.Id] = added.CorrectionId;
        foreach (var correctionId in owners.Values.Distinct())
            foreach (var patch in PatchFile.Load(paths.EditFile(modelName, correctionId), dimension))
                if (wanted.Contains(patch.Id) && !loaded.ContainsKey(patch.Id)) loaded[patch.Id] = patch; else patch.Dispose();
        var missing = ids.Where(id => !loaded.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var patch in loaded.Values) patch.Dispose();
            throw new InvalidOperationException($"The tensors of patch {missing[0]} are missing from the data directory.");
        }
        return ids.Select(id => loaded[id]).ToList();
    }

    /// <summary>A version's live patches: its snapshot's file, then the patches the changes since added, from their edits'
    /// files. A damaged snapshot file fails the load, unless <paramref name="damagedSnapshotFallsBack"/>: every patch is
    /// also in its edit's file, only slower to read.</summary>
    public async Task<List<Patch>> LoadVersionAsync(PortalDbContext db, ModelVersion version, long dimension, bool damagedSnapshotFallsBack = false)
    {
        var live = await VersionChain.LiveAsync(db, version);
        return await LoadAsync(db, version.Model, live.Ids, dimension, LoadSnapshot(live.Snapshot, dimension, damagedSnapshotFallsBack));
    }

    private List<Patch> LoadSnapshot(ModelVersion snapshot, long dimension, bool damageFallsBack)
    {
        try
        {
            return snapshot.PatchFile is null ? [] : PatchFile.Load(Path.Combine(paths.Root, snapshot.PatchFile), dimension);
        }
        catch (Exception error) when (damageFallsBack && error is Engine.Checkpoints.CheckpointException or IOException)
        {
            return [];
        }
    }

    public string SaveVersion(string modelName, int number, IEnumerable<Patch> patches)
    {
        var path = paths.VersionFile(modelName, number);
        PatchFile.Save(path, patches, files.Create, faults.BeforeVersionRename);
        return paths.Relative(path);
    }
}
