using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Training;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Models;

namespace PatcherPortal.Web.Patching;

/// <summary>Turns a flagged output into a queued patch job, unless it is invalid or a mistake already fixed.</summary>
public sealed class Corrections(IDbContextFactory<PortalDbContext> databases, IBackgroundJobClient jobs, ModelRegistry registry)
{
    public const int MaxParaphrases = 10;
    public const int MaxLength = 500;

    /// <summary>The duplicate check and the insert run one submission at a time, so two annotators sending the same
    /// correction at once get one correction (and one patch), the second a pointer to the first.</summary>
    private readonly SemaphoreSlim submitting = new(1, 1);

    public async Task<CorrectionResult> SubmitAsync(CorrectionRequest request, string author)
    {
        if (Validate(request) is { } error) return new CorrectionResult(null, error);
        if (!registry[request.Task].IsReady)
            return new CorrectionResult(null, $"The {request.Task.DisplayName().ToLowerInvariant()} model is not in service yet ({registry[request.Task].Activity}); submit the correction once it is.");
        var input = request.Input.Trim();
        var target = Canonical(request.Task, request.Target.Trim());
        var paraphrases = request.Paraphrases.Select(p => p.Trim()).Where(p => p.Length > 0 && p != input).Distinct().ToList();
        await submitting.WaitAsync();
        try
        {
            return await SubmitAsync(request, input, target, paraphrases, author);
        }
        finally
        {
            submitting.Release();
        }
    }

    private async Task<CorrectionResult> SubmitAsync(CorrectionRequest request, string input, string target, List<string> paraphrases, string author)
    {
        await using var db = await databases.CreateDbContextAsync();
        if (await FindDuplicateAsync(db, request.Task, input, target) is { } duplicate)
            return new CorrectionResult(null, $"This mistake was already fixed by correction #{duplicate.Id} ({duplicate.Status.ToString().ToLowerInvariant()}).", duplicate.Id);
        if (request.ReviewItemId is { } reviewed && await ActiveCorrectionOfAsync(db, reviewed) is { } earlier)
            return new CorrectionResult(null, $"This item was already corrected by {earlier.Author} (correction #{earlier.Id}, target '{earlier.Target}').", earlier.Id);

        var version = (await ModelVersions.CurrentAsync(db, request.Task))?.Number ?? 0;
        var correction = new Correction
        {
            Task = request.Task, ReviewItemId = request.ReviewItemId, Input = input, WrongOutput = request.WrongOutput.Trim(), Target = target,
            Paraphrases = paraphrases, Author = author, CreatedAt = DateTime.UtcNow, Status = CorrectionStatus.Queued, TrainedOnVersion = version,
        };
        db.Corrections.Add(correction);
        if (request.ReviewItemId is { } itemId && await db.ReviewItems.FindAsync(itemId) is { } item)
            (item.Status, item.ReviewedBy, item.ReviewedAt, item.Correction) = (ReviewStatus.WrongCorrected, author, DateTime.UtcNow, correction);
        Audit.Audit.Record(db, author, "correction.submitted", $"{request.Task.Code()}: {Shorten(input)}",
            details: $"'{Shorten(correction.WrongOutput)}' should be '{target}'" + (paraphrases.Count > 0 ? $", {paraphrases.Count} paraphrases" : ""));
        await db.SaveChangesAsync();

        correction.JobId = jobs.Create<PatchJob>(job => job.RunAsync(correction.Id, CancellationToken.None), new EnqueuedState(JobQueues.For(request.Task)));
        await db.SaveChangesAsync();
        return new CorrectionResult(correction.Id);
    }

    /// <summary>The same input (or one of its paraphrases) already fixed with the same target, and not since rejected or removed.</summary>
    public static async Task<Correction?> FindDuplicateAsync(PortalDbContext db, ModelTask task, string input, string target)
    {
        var key = Normalize(input);
        var candidates = await db.Corrections.Include(c => c.Patches)
            .Where(c => c.Task == task && (c.Status == CorrectionStatus.Fixed || c.Status == CorrectionStatus.Queued || c.Status == CorrectionStatus.Training))
            .ToListAsync();
        return candidates.FirstOrDefault(c =>
            new[] { c.Input }.Concat(c.Paraphrases).Any(i => Normalize(i) == key) && Normalize(c.Target) == Normalize(target)
            && (c.Status != CorrectionStatus.Fixed || c.Patches.Any(p => p.Status is PatchStatus.Live or PatchStatus.Pending)));
    }

    /// <summary>The correction a review item already has, unless it came to nothing (failed, rejected or removed).</summary>
    private static async Task<Correction?> ActiveCorrectionOfAsync(PortalDbContext db, int reviewItemId)
    {
        var item = await db.ReviewItems.Include(i => i.Correction).ThenInclude(c => c!.Patches).SingleOrDefaultAsync(i => i.Id == reviewItemId);
        return item?.Correction is { } correction && (correction.Status is CorrectionStatus.Queued or CorrectionStatus.Training
            || correction.Patches.Any(p => p.Status is PatchStatus.Live or PatchStatus.Pending)) ? correction : null;
    }

    private static string? Validate(CorrectionRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Input)) return "The input is empty.";
        if (string.IsNullOrWhiteSpace(request.Target)) return request.Task == ModelTask.FactChecking ? "Choose the right label." : "Type the right answer.";
        if (request.Input.Length > MaxLength || request.Target.Length > MaxLength) return $"Inputs and answers are limited to {MaxLength} characters.";
        if (request.Paraphrases.Count > MaxParaphrases) return $"At most {MaxParaphrases} paraphrases per correction.";
        if (request.Paraphrases.Any(p => p.Length > MaxLength)) return $"Paraphrases are limited to {MaxLength} characters.";
        if (request.Task == ModelTask.FactChecking && !BaseModelFactory.FactLabels.Contains(request.Target.Trim(), StringComparer.OrdinalIgnoreCase))
            return $"'{request.Target.Trim()}' is not a label; use one of {string.Join(", ", BaseModelFactory.FactLabels)}.";
        return null;
    }

    private static string Canonical(ModelTask task, string target) => task == ModelTask.FactChecking
        ? BaseModelFactory.FactLabels.First(l => string.Equals(l, target, StringComparison.OrdinalIgnoreCase)) : target;

    public static string Normalize(string text) => AnswerNormalizer.Normalize(text);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
