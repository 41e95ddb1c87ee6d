using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;

namespace PatcherPortal.Web.Review.Traffic;

/// <summary>
/// Takes a checked batch of another system's outputs into a model's review queue: rows whose id was received before add
/// nothing; an output already queued for the same input (<see cref="ReviewText.Key"/>) is counted on its item; the model's
/// <see cref="SamplingPolicy"/> picks which new outputs are queued; then its retention bound is applied.
/// </summary>
public sealed class TrafficIngest(IDbContextFactory<PortalDbContext> databases, SamplingPolicies policies, ReviewRetention retention)
{
    public const string Duplicate = "Duplicate";

    // Batches are taken one at a time, so two sending the same ids at once cannot both count them (the unique index on
    // receipts guards the same across processes).
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<IngestResponse> IngestAsync(TaskModel model, IReadOnlyList<IngestRow> rows, CancellationToken cancellation = default)
    {
        var policy = await policies.GetAsync(model.Name, cancellation);
        Dictionary<int, (IngestOutcome? Outcome, int? ItemId)> outcomes;
        await gate.WaitAsync(cancellation);
        try
        {
            outcomes = await StoreAsync(model, rows, policy, cancellation);
        }
        finally
        {
            gate.Release();
        }
        await retention.ApplyAsync(model.Name, policy, cancellation);
        var results = rows.Select(r => new IngestRowResult(r.Row, r.ClientId, outcomes[r.Row].Outcome?.ToString() ?? Duplicate, outcomes[r.Row].ItemId)).ToList();
        int Count(string outcome) => results.Count(r => r.Outcome == outcome);
        var duplicates = Count(Duplicate);
        var message = duplicates == rows.Count
            ? $"All {rows.Count:N0} rows were received before; nothing was added."
            : $"{rows.Count:N0} rows received: {Count("Queued"):N0} queued, {Count("Folded"):N0} counted on outputs already queued, " +
              $"{Count("SampledOut"):N0} sampled out ({policy.Describe()}), {duplicates:N0} received before.";
        return new IngestResponse(rows.Count, Count("Queued"), Count("Folded"), Count("SampledOut"), duplicates, message, results);
    }

    private async Task<Dictionary<int, (IngestOutcome?, int?)>> StoreAsync(TaskModel model, IReadOnlyList<IngestRow> rows, SamplingPolicy policy,
        CancellationToken cancellation)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var ids = rows.Select(r => r.ClientId).ToList();
        var received = await db.IngestReceipts.Where(r => r.Model == model.Name && ids.Contains(r.ClientId))
            .ToDictionaryAsync(r => r.ClientId, r => r.ReviewItemId, cancellation);
        var outcomes = rows.Where(r => received.ContainsKey(r.ClientId)).ToDictionary(r => r.Row, r => ((IngestOutcome?)null, received[r.ClientId]));
        var groups = rows.Where(r => !received.ContainsKey(r.ClientId)).GroupBy(r => (Key: ReviewText.Key(r.Input), r.Output))
            .Select(g => new Sampler.Candidate(g.ToList())).ToList();
        var keys = groups.Select(g => ReviewText.Key(g.First.Input)).Distinct().ToList();
        var queued = (await db.ReviewItems.Where(i => i.Model == model.Name && keys.Contains(i.InputKey!)).ToListAsync(cancellation))
            .GroupBy(i => (i.InputKey!, i.Output)).ToDictionary(g => g.Key, g => g.MaxBy(i => i.Id)!);
        var fresh = groups.Where(g => !queued.ContainsKey((ReviewText.Key(g.First.Input), g.First.Output))).ToList();
        var chosen = Sampler.Chosen(model.Name, fresh, policy);
        var items = chosen.ToDictionary(c => c, c => new ReviewItem
        {
            Model = model.Name, Input = c.First.Input, Output = c.First.Output, Confidence = c.Confidence, Metadata = c.First.Metadata,
            Occurrences = c.Rows.Count, ModelVersion = model.Version, Source = ReviewSource.Ingest, Status = ReviewStatus.Pending, CreatedAt = DateTime.UtcNow,
        });
        foreach (var group in groups.Except(fresh))
            queued[(ReviewText.Key(group.First.Input), group.First.Output)].Occurrences += group.Rows.Count;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
        db.ReviewItems.AddRange(items.Values);
        await db.SaveChangesAsync(cancellation);
        foreach (var group in groups)
        {
            var item = items.GetValueOrDefault(group) ?? queued.GetValueOrDefault((ReviewText.Key(group.First.Input), group.First.Output));
            foreach (var row in group.Rows)
            {
                var outcome = item is null ? IngestOutcome.SampledOut : row == group.First && items.ContainsKey(group) ? IngestOutcome.Queued : IngestOutcome.Folded;
                outcomes[row.Row] = (outcome, item?.Id);
                db.IngestReceipts.Add(new IngestReceipt
                {
                    Model = model.Name, ClientId = row.ClientId, Outcome = outcome, ReviewItemId = item?.Id, ReceivedAt = DateTime.UtcNow,
                });
            }
        }
        try
        {
            await db.SaveChangesAsync(cancellation);
        }
        catch (DbUpdateException error)
        {
            throw new InvalidOperationException("Rows of this batch were received by another request at the same time; send the batch again.", error);
        }
        await transaction.CommitAsync(cancellation);
        return outcomes;
    }
}
