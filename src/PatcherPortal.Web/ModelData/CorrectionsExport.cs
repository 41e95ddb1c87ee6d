using Microsoft.EntityFrameworkCore;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Models;

namespace PatcherPortal.Web.ModelData;

/// <summary>A model's corrections as edits (input, target, paraphrases, the wrong output, author, time, status), in any
/// <see cref="DatasetWriter"/> format.</summary>
public static class CorrectionsExport
{
    public static async Task<EditDataset> DatasetAsync(PortalDbContext db, string modelName, ModelKind kind)
    {
        var corrections = await db.Corrections.AsNoTracking().Where(c => c.Model == modelName).OrderBy(c => c.Id).ToListAsync();
        var examples = corrections.Select(c => new EditExample($"correction-{c.Id}", c.Input, c.Target, c.Paraphrases, [], c.WrongOutput,
            new EditProvenance(c.Author, new DateTimeOffset(DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Utc)), c.Status.ToString()))).ToList();
        var task = kind == ModelKind.Classification ? EditDataset.FactChecking : EditDataset.QuestionAnswering;
        return new EditDataset(modelName, task, examples);
    }
}
