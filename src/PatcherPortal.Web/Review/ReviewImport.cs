using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;

namespace PatcherPortal.Web.Review;

/// <summary>Imports a parsed batch whole or not at all, asking the model for any output the file lacks.</summary>
public sealed class ReviewImport(IDbContextFactory<PortalDbContext> databases, ModelRegistry registry)
{
    /// <summary>Rows for no model in service, or whose input the model cannot read whole, as "line N: why" (the parser has
    /// already checked the text). A model not in service yet checks nothing: rows with their outputs still import, and a
    /// correction checks again.</summary>
    public List<string> TooLong(IReadOnlyList<ImportRow> rows) => rows
        .Select(r => registry.Find(r.Model) is not { } model ? $"line {r.Line}: there is no model '{r.Model}' in service."
            : model.IsReady && model.InputProblem(r.Input, "the input") is { } problem ? $"line {r.Line}: {problem}" : null)
        .OfType<string>().ToList();

    public async Task<int> ImportAsync(IReadOnlyList<ImportRow> rows, string actor, string fileName)
    {
        if (TooLong(rows) is [var first, ..] tooLong)
            throw new ArgumentException(tooLong.Count == 1 ? first : $"{first} (and {tooLong.Count - 1} more rows)");
        var items = new List<ReviewItem>();
        foreach (var group in rows.GroupBy(r => r.Model))
        {
            var model = registry[group.Key];
            var missing = group.Where(r => r.Output is null).Select(r => r.Input).ToList();
            var (outputs, version) = missing.Count > 0 ? await Task.Run(() => model.PredictMany(missing)) : ([], model.Version);
            var answers = missing.Zip(outputs).GroupBy(p => p.First).ToDictionary(g => g.Key, g => g.First().Second);
            items.AddRange(group.Select(r => new ReviewItem
            {
                Model = r.Model, Input = r.Input, Output = r.Output ?? answers[r.Input], Reference = r.Reference, ModelVersion = version,
                Source = ReviewSource.Import, Status = ReviewStatus.Pending, CreatedAt = DateTime.UtcNow,
            }));
        }
        await using var db = await databases.CreateDbContextAsync();
        db.ReviewItems.AddRange(items);
        Audit.Audit.Record(db, actor, "review.imported", fileName, details: $"{items.Count} items");
        await db.SaveChangesAsync();
        return items.Count;
    }
}
