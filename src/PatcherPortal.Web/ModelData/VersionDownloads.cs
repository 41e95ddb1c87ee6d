using Microsoft.EntityFrameworkCore;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.Web.ModelData;

/// <summary>A model version out of the portal: its patches as safetensors, or its Hugging Face directory with them as a zip.</summary>
public static class VersionDownloads
{
    public static async Task<IResult> PatchesAsync(string model, int version, PortalDbContext db, ModelRegistry registry, PortalPaths paths)
    {
        var row = await FindAsync(db, registry.Resolve(model).Name, version);
        if (row.PatchFile is null) throw new KeyNotFoundException($"Version v{version} of the model '{row.Model}' carries no patches.");
        return Results.File(Path.Combine(paths.Root, row.PatchFile), "application/octet-stream", $"{row.Model}-v{version}-patches.safetensors");
    }

    public static async Task<IResult> ZipAsync(string model, int version, PortalDbContext db, ModelRegistry registry, PortalPaths paths)
    {
        var row = await FindAsync(db, registry.Resolve(model).Name, version);
        var buffer = new MemoryStream();
        ModelVersionExport.WriteZip(paths.BaseOf(row), row.PatchFile is null ? null : Path.Combine(paths.Root, row.PatchFile), buffer);
        return Results.File(buffer.ToArray(), "application/zip", $"{row.Model}-v{version}.zip");
    }

    private static async Task<ModelVersion> FindAsync(PortalDbContext db, string model, int version) =>
        await db.ModelVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Model == model && v.Number == version)
            ?? throw new KeyNotFoundException($"The model '{model}' has no version v{version}.");
}
