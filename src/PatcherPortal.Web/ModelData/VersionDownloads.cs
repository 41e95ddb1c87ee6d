using Microsoft.EntityFrameworkCore;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.ModelData;

/// <summary>A model version out of the portal: its patches as safetensors, or its Hugging Face directory with them as a zip.</summary>
public static class VersionDownloads
{
    public static async Task<IResult> PatchesAsync(string model, int version, PortalDbContext db, ModelRegistry registry, PortalPaths paths, PatchTensorStore store)
    {
        var row = await FindAsync(db, registry.Resolve(model).Name, version);
        return await WithPatchFileAsync(row, db, registry, paths, store, file => file is null
            ? throw new KeyNotFoundException($"Version v{version} of the model '{row.Model}' carries no patches.")
            : Results.File(File.ReadAllBytes(file), "application/octet-stream", $"{row.Model}-v{version}-patches.safetensors"));
    }

    public static async Task<IResult> ZipAsync(string model, int version, PortalDbContext db, ModelRegistry registry, PortalPaths paths, PatchTensorStore store)
    {
        var row = await FindAsync(db, registry.Resolve(model).Name, version);
        var buffer = new MemoryStream();
        await WithPatchFileAsync(row, db, registry, paths, store, file => { ModelVersionExport.WriteZip(paths.BaseOf(row), file, buffer); return 0; });
        return Results.File(buffer.ToArray(), "application/zip", $"{row.Model}-v{version}.zip");
    }

    /// <summary>A snapshot's own patch file; for a version stored as its change, its live patches written to a temporary
    /// file for the length of <paramref name="use"/>. Null for a version without patches.</summary>
    private static async Task<T> WithPatchFileAsync<T>(ModelVersion row, PortalDbContext db, ModelRegistry registry, PortalPaths paths,
        PatchTensorStore store, Func<string?, T> use)
    {
        if (row.IsSnapshot) return use(row.PatchFile is null ? null : Path.Combine(paths.Root, row.PatchFile));
        var patches = await store.LoadVersionAsync(db, row, registry[row.Model].Dimension);
        var temporary = Path.Combine(Path.GetTempPath(), $"patcher-{row.Model}-v{row.Number}-{Guid.NewGuid():N}.safetensors");
        try
        {
            if (patches.Count == 0) return use(null);
            PatchFile.Save(temporary, patches);
            return use(temporary);
        }
        finally
        {
            patches.ForEach(p => p.Dispose());
            File.Delete(temporary);
        }
    }

    private static async Task<ModelVersion> FindAsync(PortalDbContext db, string model, int version) =>
        await db.ModelVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Model == model && v.Number == version)
            ?? throw new KeyNotFoundException($"The model '{model}' has no version v{version}.");
}
