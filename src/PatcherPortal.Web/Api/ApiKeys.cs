using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Api;

/// <summary>API keys: shown once at creation, stored as SHA-256 hashes (the keys are random, so no salt or stretching is needed).</summary>
public sealed class ApiKeys(IDbContextFactory<PortalDbContext> databases)
{
    private const string KeyPrefix = "pp_";

    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, string role, string actor)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("Give the key a name (who or what uses it).");
        if (!Roles.All.Contains(role)) throw new ArgumentException($"Unknown role '{role}'.");
        var secret = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new ApiKey
        {
            Name = name.Trim(), Prefix = secret[..10], Hash = Hash(secret), Role = role, CreatedBy = actor, CreatedAt = DateTime.UtcNow,
        };
        await using var db = await databases.CreateDbContextAsync();
        db.ApiKeys.Add(key);
        Audit.Audit.Record(db, actor, "api-key.created", key.Name, details: $"{key.Prefix}…, role {role}");
        await db.SaveChangesAsync();
        return (key, secret);
    }

    public async Task RevokeAsync(int id, string actor)
    {
        await using var db = await databases.CreateDbContextAsync();
        var key = await db.ApiKeys.FindAsync(id) ?? throw new KeyNotFoundException($"There is no API key #{id}.");
        key.RevokedAt ??= DateTime.UtcNow;
        Audit.Audit.Record(db, actor, "api-key.revoked", key.Name, details: $"{key.Prefix}…");
        await db.SaveChangesAsync();
    }

    public async Task<List<ApiKey>> ListAsync()
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.ApiKeys.OrderByDescending(k => k.CreatedAt).ToListAsync();
    }

    /// <summary>How stale a key's last-use time may get: noting every request would add a database write to each.</summary>
    private static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    /// <summary>The active key with this secret, after noting its use.</summary>
    public async Task<ApiKey?> FindAsync(string secret)
    {
        if (!secret.StartsWith(KeyPrefix, StringComparison.Ordinal)) return null;
        var hash = Hash(secret);
        await using var db = await databases.CreateDbContextAsync();
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null);
        if (key is null || DateTime.UtcNow - key.LastUsedAt < LastUseResolution) return key;
        key.LastUsedAt = DateTime.UtcNow;
        await db.SaveChangesAsync();
        return key;
    }

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
