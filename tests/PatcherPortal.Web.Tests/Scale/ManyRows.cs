using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Scale;

/// <summary>A model's history at deployment size, written straight into the database (no patch is trained or served).</summary>
internal static class ManyRows
{
    public const string Model = "qa";

    /// <summary>One fixed correction with one live patch per edit, newest last, and the audit entry each left.</summary>
    public static async Task AddEditsAsync(TestPortal portal, int count)
    {
        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        var start = DateTime.UtcNow.AddDays(-30);
        var corrections = Enumerable.Range(0, count).Select(i => new Correction
        {
            Model = Model, Input = $"Which synthetic fact is number {i}?", WrongOutput = "x", Target = $"fact {i}", Author = "scale",
            CreatedAt = start.AddMinutes(i), Status = CorrectionStatus.Fixed,
        }).ToList();
        db.Corrections.AddRange(corrections);
        await db.SaveChangesAsync();
        db.Patches.AddRange(corrections.Select((c, i) => new PatchRecord
        {
            Id = Guid.NewGuid(), Model = Model, CorrectionId = c.Id, Status = PatchStatus.Live, CreatedAt = c.CreatedAt, TrainedOnVersion = 1, LiveInVersion = 2,
        }));
        db.AuditLog.AddRange(corrections.Select((c, i) => new AuditEntry
        {
            At = c.CreatedAt, Actor = "scale", Action = "correction.fixed", Subject = $"#{c.Id}", Details = $"synthetic edit {i}",
        }));
        await db.SaveChangesAsync();
    }

    /// <summary>Edits as <see cref="AddEditsAsync"/> makes them, each with a never-firing patch in its own file as a correction
    /// leaves it; returns the live patch ids.</summary>
    public static async Task<List<Guid>> AddEditsWithFilesAsync(TestPortal portal, int count)
    {
        await AddEditsAsync(portal, count);
        var paths = portal.Services.GetRequiredService<PortalPaths>();
        var dimension = portal.Services.GetRequiredService<ModelRegistry>()[Model].Dimension;
        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        var records = db.Patches.Where(p => p.Model == Model && p.Status == PatchStatus.Live).ToList();
        foreach (var record in records)
        {
            using var patch = new Patch(record.Id, TorchSharp.torch.zeros(dimension), TorchSharp.torch.full(1, -100f), TorchSharp.torch.zeros(dimension));
            PatchFile.Save(paths.EditFile(Model, record.CorrectionId), [patch]);
        }
        return records.Select(r => r.Id).ToList();
    }

    /// <summary>Edits with their files (<see cref="AddEditsWithFilesAsync"/>) served by one new version.</summary>
    public static async Task<ModelVersion> ServeEditsAsync(TestPortal portal, int count) => await ServeAsync(portal, await AddEditsWithFilesAsync(portal, count));

    public static Task<ModelVersion> ServeAsync(TestPortal portal, IReadOnlyList<Guid> ids) =>
        portal.Services.GetRequiredService<ModelVersions>().CreateAsync(Model, _ => ids, "scale", $"{ids.Count:N0} edits");

    /// <summary>Versions after the base, each a snapshot listing <paramref name="ids"/>, with a retain measurement each.</summary>
    public static async Task AddVersionsAsync(TestPortal portal, int count, IReadOnlyList<Guid> ids)
    {
        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        var first = db.ModelVersions.Where(v => v.Model == Model).Max(v => v.Number) + 1;
        for (var n = first; n < first + count; n++)
        {
            db.ModelVersions.Add(new ModelVersion
            {
                Model = Model, Number = n, CreatedAt = DateTime.UtcNow, CreatedBy = "scale", Reason = $"synthetic version {n}",
                PatchIds = ids.ToList(), PatchCount = n, ParameterCount = 1000 + n,
            });
            db.Metrics.Add(new MetricSnapshot { Model = Model, ModelVersion = n, At = DateTime.UtcNow, EditCount = n, PatchCount = n, EditSuccess = 1 });
        }
        await db.SaveChangesAsync();
    }
}
