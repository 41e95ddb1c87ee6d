using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Validation;

namespace PatcherPortal.Web.Patching;

/// <summary>Turns a flagged output into a queued patch job, unless it is invalid or a mistake already fixed.</summary>
public sealed class Corrections(IDbContextFactory<PortalDbContext> databases, IBackgroundJobClient jobs, ModelRegistry registry,
    ClusterLock cluster)
{
    public const int MaxParaphrases = 10;
    /// <summary>The most patches an admin may allow one edit (one per wrong answer token).</summary>
    public const int MaxPatchLimit = 20;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(1);

    public async Task<CorrectionResult> SubmitAsync(CorrectionRequest request, string author)
    {
        if (Validate(request) is { } error) return new CorrectionResult(null, error);
        var model = registry[request.Model];
        if (!model.IsReady)
            return new CorrectionResult(null, $"The {model.DisplayName.ToLowerInvariant()} model is not in service yet ({model.Activity}); submit the correction once it is.");
        var input = request.Input.Trim();
        var target = Canonical(model, request.Target.Trim());
        var paraphrases = request.Paraphrases.Select(p => p.Trim()).Where(p => !UserText.IsBlank(p) && p != input).Distinct().ToList();
        // One submission at a time per model across the nodes sharing the database: two annotators sending the same
        // correction at once get one correction (and one patch), the second a pointer to the first.
        using var held = await cluster.AcquireAsync($"corrections:{request.Model}", LockTimeout);
        return await SubmitAsync(request, input, target, paraphrases, author);
    }

    private async Task<CorrectionResult> SubmitAsync(CorrectionRequest request, string input, string target, List<string> paraphrases, string author)
    {
        await using var db = await databases.CreateDbContextAsync();
        if (await FindDuplicateAsync(db, request.Model, input, target) is { } duplicate)
            return new CorrectionResult(null, $"This mistake was already fixed by correction #{duplicate.Id} ({duplicate.Status.ToString().ToLowerInvariant()}).", duplicate.Id);
        if (request.ReviewItemId is { } reviewed && await ActiveCorrectionOfAsync(db, reviewed) is { } earlier)
            return new CorrectionResult(null, $"This item was already corrected by {earlier.Author} (correction #{earlier.Id}, target '{earlier.Target}').", earlier.Id);

        var version = (await ModelVersions.CurrentAsync(db, request.Model))?.Number ?? 0;
        var correction = new Correction
        {
            Model = request.Model, ReviewItemId = request.ReviewItemId, Input = input, WrongOutput = request.WrongOutput.Trim(), Target = target,
            Paraphrases = paraphrases, Author = author, CreatedAt = DateTime.UtcNow, Status = CorrectionStatus.Queued, TrainedOnVersion = version,
            PatchLimit = request.PatchLimit,
        };
        db.Corrections.Add(correction);
        if (request.ReviewItemId is { } itemId && await db.ReviewItems.FindAsync(itemId) is { } item)
            (item.Status, item.ReviewedBy, item.ReviewedAt, item.Correction) = (ReviewStatus.WrongCorrected, author, DateTime.UtcNow, correction);
        Audit.Audit.Record(db, author, "correction.submitted", $"{request.Model}: {Shorten(input)}",
            details: $"'{Shorten(correction.WrongOutput)}' should be '{target}'" + (paraphrases.Count > 0 ? $", {paraphrases.Count} paraphrases" : ""));
        await db.SaveChangesAsync();

        correction.JobId = jobs.Create<PatchJob>(job => job.RunAsync(correction.Id, CancellationToken.None), new EnqueuedState(JobQueues.For(request.Model)));
        await db.SaveChangesAsync();
        return new CorrectionResult(correction.Id);
    }

    /// <summary>The same input (or one of its paraphrases) already fixed with the same target, and not since rejected or removed.</summary>
    public static async Task<Correction?> FindDuplicateAsync(PortalDbContext db, string modelName, string input, string target)
    {
        var key = Normalize(input);
        var candidates = await db.Corrections.Include(c => c.Patches)
            .Where(c => c.Model == modelName && (c.Status == CorrectionStatus.Fixed || c.Status == CorrectionStatus.Queued || c.Status == CorrectionStatus.Training))
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

    /// <summary>Why the request cannot become a patch job, or null. Text rules first, then what the model can read and say.</summary>
    private string? Validate(CorrectionRequest request)
    {
        var model = registry[request.Model];
        var what = $"the {model.InputLabel.ToLowerInvariant()}";
        if (UserText.Problem(request.Input, what) is { } inputProblem) return inputProblem;
        if (UserText.IsBlank(request.Target)) return model.Kind == ModelKind.Classification ? "Choose the right label." : "Type the right answer.";
        if (UserText.Problem(request.Target, "the answer") is { } targetProblem) return targetProblem;
        if (request.Paraphrases.Count > MaxParaphrases) return $"At most {MaxParaphrases} paraphrases per correction.";
        if (request.PatchLimit is < 1 or > MaxPatchLimit) return $"The patch limit must be between 1 and {MaxPatchLimit}.";
        var paraphrases = request.Paraphrases.Where(p => !UserText.IsBlank(p)).Select((p, i) => (Text: p, What: $"paraphrase {i + 1}")).ToList();
        if (paraphrases.Select(p => UserText.Problem(p.Text, p.What)).FirstOrDefault(p => p is not null) is { } paraphraseProblem) return paraphraseProblem;
        if (model.Kind == ModelKind.Classification && !model.Labels.Contains(request.Target.Trim(), StringComparer.OrdinalIgnoreCase))
            return $"'{request.Target.Trim()}' is not a label; use one of {string.Join(", ", model.Labels)}.";
        if (!model.IsReady) return null;
        return model.InputProblem(request.Input, what)
               ?? paraphrases.Select(p => model.InputProblem(p.Text, p.What)).FirstOrDefault(p => p is not null)
               ?? model.AnswerProblem(request.Target)
               ?? (model.Matches(request.WrongOutput.Trim(), request.Target.Trim())
                   ? $"The model already answers '{request.WrongOutput.Trim()}', which is the correction: there is nothing to fix." : null);
    }

    /// <summary>A label as the model spells it.</summary>
    private static string Canonical(TaskModel model, string target) => model.Kind == ModelKind.Classification
        ? model.Labels.First(l => string.Equals(l, target, StringComparison.OrdinalIgnoreCase)) : target;

    public static string Normalize(string text) => AnswerNormalizer.Normalize(text);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
