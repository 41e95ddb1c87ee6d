using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Models;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Tests.Support;

/// <summary>Rows and files a test needs without training a patch.</summary>
public static class Seed
{
    public static IDbContextFactory<PortalDbContext> Databases(TestPortal portal) =>
        portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    /// <summary>A fixed QA correction with one pending patch whose tensors are on disk; the patch never fires (bias -100).</summary>
    public static async Task<(int CorrectionId, Guid PatchId)> PendingPatchAsync(TestPortal portal, string input)
    {
        var dimension = portal.Services.GetRequiredService<ModelRegistry>()["qa"].Dimension;
        await using var db = await Databases(portal).CreateDbContextAsync();
        var correction = new Correction
        {
            Model = "qa", Input = input, WrongOutput = "x", Target = "y", Author = "test",
            CreatedAt = DateTime.UtcNow, Status = CorrectionStatus.Fixed,
        };
        db.Corrections.Add(correction);
        await db.SaveChangesAsync();
        var id = Guid.NewGuid();
        db.Patches.Add(new PatchRecord
        {
            Id = id, Model = "qa", CorrectionId = correction.Id, Status = PatchStatus.Pending, CreatedAt = DateTime.UtcNow, TrainedOnVersion = 1,
        });
        await db.SaveChangesAsync();
        using var patch = new Patch(id, zeros(dimension), full(1, -100f), zeros(dimension));
        PatchFile.Save(portal.Services.GetRequiredService<PortalPaths>().EditFile("qa", correction.Id), [patch]);
        return (correction.Id, id);
    }

    public static async Task<int> QueuedCorrectionAsync(TestPortal portal, string input, string target)
    {
        await using var db = await Databases(portal).CreateDbContextAsync();
        var correction = new Correction
        {
            Model = "qa", Input = input, WrongOutput = "x", Target = target, Author = "test",
            CreatedAt = DateTime.UtcNow, Status = CorrectionStatus.Queued,
        };
        db.Corrections.Add(correction);
        await db.SaveChangesAsync();
        return correction.Id;
    }

    /// <summary>Files a failed write could have left behind anywhere in the data directory.</summary>
    public static string[] TemporaryFiles(TestPortal portal) =>
        Directory.GetFiles(portal.DataDirectory, "*.tmp", SearchOption.AllDirectories);
}
