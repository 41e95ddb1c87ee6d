using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Review.Traffic;

/// <summary>Each model's sampling policy, stored as a portal setting; a model without one queues all its traffic.</summary>
public sealed class SamplingPolicies(IDbContextFactory<PortalDbContext> databases)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Key(string modelName) => $"review.sampling.{modelName}";

    public async Task<SamplingPolicy> GetAsync(string modelName, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var setting = await db.Settings.FindAsync([Key(modelName)], cancellation);
        return setting is null ? SamplingPolicy.Default : JsonSerializer.Deserialize<SamplingPolicy>(setting.Value, Json) ?? SamplingPolicy.Default;
    }

    public async Task<SamplingPolicy> SetAsync(string modelName, SamplingPolicy policy, string actor, CancellationToken cancellation = default)
    {
        if (policy.Problem() is { } problem) throw new ArgumentException(problem);
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var setting = await db.Settings.FindAsync([Key(modelName)], cancellation);
        if (setting is null) db.Settings.Add(setting = new PortalSetting { Key = Key(modelName), Value = "" });
        (setting.Value, setting.UpdatedAt, setting.UpdatedBy) = (JsonSerializer.Serialize(policy, Json), DateTime.UtcNow, actor);
        Audit.Audit.Record(db, actor, "review.sampling-changed", modelName, details: policy.Describe());
        await db.SaveChangesAsync(cancellation);
        return policy;
    }
}
