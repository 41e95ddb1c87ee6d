using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.Web.ModelData;

/// <summary>
/// Answers an annotator accepted as right and chose to keep: they join the model's keep set (TrainR, consolidation
/// replay) through <see cref="EvaluationData.WithAccepted"/>, kept in a JSON-lines file beside the model's examples,
/// so a new examples file keeps them too. Keeping is an explicit choice, never a side effect of accepting.
/// </summary>
public sealed class AcceptedAnswers(IDbContextFactory<PortalDbContext> databases, PortalPaths paths, ModelRegistry registry, ModelDataStore store)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Accepts the review item's answer (if still pending) and adds it to its model's keep set.</summary>
    public async Task<ModelDataSummary> KeepAsync(string modelName, int reviewItemId, string actor, CancellationToken cancellation = default)
    {
        var model = registry.Resolve(modelName);
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var item = await db.ReviewItems.FirstOrDefaultAsync(r => r.Id == reviewItemId && r.Model == model.Name, cancellation)
                   ?? throw new KeyNotFoundException($"There is no review item #{reviewItemId} for {model.Name}.");
        if (item.Status is not (ReviewStatus.Pending or ReviewStatus.Correct))
            throw new InvalidOperationException($"Review item #{item.Id} is {item.Status}: only an answer accepted as right can join the keep set.");
        if (item.Status == ReviewStatus.Pending)
            (item.Status, item.ReviewedBy, item.ReviewedAt) = (ReviewStatus.Correct, actor, DateTime.UtcNow);
        Audit.Audit.Record(db, actor, "model.keep-answer", $"{model.Name} review #{item.Id}", details: $"{item.Input} → {item.Output}");
        await db.SaveChangesAsync(cancellation);

        await Gate.WaitAsync(cancellation);
        try
        {
            var file = FileOf(paths, model.Name);
            if (!Read(file).Any(a => a.Input == item.Input))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                var line = JsonSerializer.Serialize(new AcceptedAnswer(item.Input, item.Output, actor, DateTime.UtcNow, item.Id), JsonSerializerOptions.Web);
                await File.AppendAllTextAsync(file, line + "\n", cancellation);
            }
            registry.UseData(model.Name, ModelDataStore.Evaluation(paths, model.Definition, registry.Options));
        }
        finally
        {
            Gate.Release();
        }
        return store.Summary(model.Name);
    }

    public static string FileOf(PortalPaths paths, string modelName) => Path.Combine(paths.ModelData(modelName), "accepted-answers.jsonl");

    public static IReadOnlyList<LabelledInput> Pairs(PortalPaths paths, string modelName) =>
        Read(FileOf(paths, modelName)).Select(a => new LabelledInput(a.Input, a.Target)).ToList();

    private static List<AcceptedAnswer> Read(string file) => !File.Exists(file) ? [] : File.ReadLines(file)
        .Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => JsonSerializer.Deserialize<AcceptedAnswer>(l, JsonSerializerOptions.Web)!).ToList();
}

public sealed record AcceptedAnswer(string Input, string Target, string AcceptedBy, DateTime AcceptedAt, int ReviewItem);
