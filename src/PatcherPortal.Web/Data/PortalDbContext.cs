using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace PatcherPortal.Web.Data;

/// <summary>The portal's tables. On SQLite (the embedded default) this type is used as is; PostgreSQL uses
/// <see cref="PostgreSqlPortalDbContext"/>, which only exists to carry its own migrations.</summary>
public class PortalDbContext : IdentityDbContext<IdentityUser>
{
    public PortalDbContext(DbContextOptions<PortalDbContext> options) : base(options) { }

    protected PortalDbContext(DbContextOptions options) : base(options) { }

    public DbSet<ReviewItem> ReviewItems => Set<ReviewItem>();
    public DbSet<Correction> Corrections => Set<Correction>();
    public DbSet<PatchRecord> Patches => Set<PatchRecord>();
    public DbSet<PatchEvent> PatchEvents => Set<PatchEvent>();
    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<MetricSnapshot> Metrics => Set<MetricSnapshot>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<PortalSetting> Settings => Set<PortalSetting>();
    public DbSet<Consolidation.ConsolidationRun> ConsolidationRuns => Set<Consolidation.ConsolidationRun>();
    public DbSet<RegisteredModel> RegisteredModels => Set<RegisteredModel>();
    public DbSet<IngestReceipt> IngestReceipts => Set<IngestReceipt>();
    public DbSet<NeighbourChange> NeighbourChanges => Set<NeighbourChange>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        configuration.Properties<Enum>().HaveConversion<string>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<RegisteredModel>(e =>
        {
            e.HasIndex(m => m.Name).IsUnique();
            e.Property(m => m.Labels).HasConversion(JsonList<string>(), ListComparer<string>());
        });
        builder.Entity<ReviewItem>(e =>
        {
            e.HasIndex(r => new { r.Model, r.Status });
            e.HasIndex(r => r.CreatedAt);
            e.HasIndex(r => new { r.Model, r.InputKey });
            e.Property(r => r.Occurrences).HasDefaultValue(1);
            e.HasOne(r => r.Correction).WithMany().HasForeignKey(r => r.CorrectionId);
        });
        builder.Entity<Correction>(e =>
        {
            e.Property(c => c.Paraphrases).HasConversion(JsonList<string>(), ListComparer<string>());
            e.HasIndex(c => new { c.Model, c.Status });
            e.HasMany(c => c.Patches).WithOne(p => p.Correction).HasForeignKey(p => p.CorrectionId);
            e.HasMany(c => c.Neighbours).WithOne().HasForeignKey(n => n.CorrectionId);
        });
        builder.Entity<NeighbourChange>(e => e.HasIndex(n => new { n.CorrectionId, n.Retrain }));
        builder.Entity<IngestReceipt>(e =>
        {
            e.HasIndex(r => new { r.Model, r.ClientId }).IsUnique();
            e.HasIndex(r => r.ReceivedAt);
        });
        builder.Entity<PatchRecord>(e =>
        {
            e.HasIndex(p => new { p.Model, p.Status });
            e.HasMany(p => p.History).WithOne().HasForeignKey(h => h.PatchId);
        });
        builder.Entity<PatchEvent>(e => e.HasIndex(h => new { h.PatchId, h.Id }));
        builder.Entity<ModelVersion>(e =>
        {
            e.Property(v => v.PatchIds).HasConversion(JsonList<Guid>(), ListComparer<Guid>());
            e.Property(v => v.AddedIds).HasConversion(JsonList<Guid>(), ListComparer<Guid>());
            e.Property(v => v.RemovedIds).HasConversion(JsonList<Guid>(), ListComparer<Guid>());
            e.HasIndex(v => new { v.Model, v.Number }).IsUnique();
        });
        builder.Entity<AuditEntry>(e => e.HasIndex(a => a.At));
        builder.Entity<MetricSnapshot>(e => e.HasIndex(m => new { m.Model, m.ModelVersion }));
        builder.Entity<ApiKey>(e => e.HasIndex(k => k.Hash).IsUnique());
        builder.Entity<PortalSetting>(e => e.HasKey(s => s.Key));
        builder.Entity<Consolidation.ConsolidationRun>(e =>
        {
            e.Property(r => r.FoldedCorrections).HasConversion(JsonList<int>(), ListComparer<int>());
            e.HasIndex(r => new { r.Model, r.Status });
        });
    }

    private static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<List<T>, string> JsonList<T>() => new(
        list => JsonSerializer.Serialize(list, JsonSerializerOptions.Default),
        json => JsonSerializer.Deserialize<List<T>>(json, JsonSerializerOptions.Default) ?? new List<T>());

    private static ValueComparer<List<T>> ListComparer<T>() => new(
        (a, b) => a!.SequenceEqual(b!),
        list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
        list => list.ToList());
}
