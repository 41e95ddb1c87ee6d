using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Tests.Data;

/// <summary>Each provider's migration set describes the current model (docs/scale-out.md says how to regenerate it).</summary>
public sealed class MigrationsTests
{
    [Fact]
    public void The_SQLite_migrations_cover_the_model()
    {
        using var db = Sqlite();
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a SQLite migration.");
    }

    [Fact]
    public void The_PostgreSQL_migrations_cover_the_model()
    {
        using var db = PostgreSql();
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: run migrations/add-postgresql-migration.sh <Name>.");
    }

    [Fact]
    public void Each_provider_applies_only_its_own_migrations()
    {
        using var sqlite = Sqlite();
        using var postgreSql = PostgreSql();
        var (sqliteSet, postgreSqlSet) = (sqlite.Database.GetMigrations().ToList(), postgreSql.Database.GetMigrations().ToList());
        Assert.NotEmpty(sqliteSet);
        Assert.NotEmpty(postgreSqlSet);
        Assert.Empty(sqliteSet.Intersect(postgreSqlSet));
    }

    [Fact]
    public void Upgrading_a_database_keeps_each_patch_decision_as_the_first_event_of_its_history()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(connection).Options);
        var migrator = db.GetService<IMigrator>();
        migrator.Migrate("20261201052741_Consolidation");
        var (approved, waiting) = (Guid.NewGuid(), Guid.NewGuid());
        db.Database.ExecuteSqlRaw("""
            INSERT INTO Corrections (Id, Task, Input, WrongOutput, Target, Paraphrases, Author, CreatedAt, Status, TrainedOnVersion, Steps, FinalLoss, DurationSeconds)
            VALUES (1, 'QuestionAnswering', 'Q?', 'x', 'y', '[]', 'ann', '2026-12-01 10:00:00', 'Fixed', 1, 10, 0.1, 1.0);
            INSERT INTO Patches (Id, Task, CorrectionId, "Index", Status, CreatedAt, TrainedOnVersion, LiveInVersion, EditActivation, MaxMemoryActivation, DecidedBy, DecidedAt, DecisionReason)
            VALUES ({0}, 'QuestionAnswering', 1, 0, 'Live', '2026-12-01 10:00:00', 1, 2, 4, -4, 'admin', '2026-12-01 11:00:00', 'checked'),
                   ({1}, 'QuestionAnswering', 1, 1, 'Pending', '2026-12-01 10:00:00', 1, NULL, 4, -4, NULL, NULL, NULL);
            """, approved.ToString().ToUpperInvariant(), waiting.ToString().ToUpperInvariant());

        migrator.Migrate();

        var decision = Assert.Single(db.PatchEvents.Where(e => e.PatchId == approved));
        Assert.Equal((PatchEventKind.Approved, PatchStatus.Live, "admin", "checked", (int?)2),
            (decision.Kind, decision.Status, decision.Actor, decision.Reason, decision.ModelVersion));
        Assert.Equal(new DateTime(2026, 12, 1, 11, 0, 0), decision.At);
        var trained = Assert.Single(db.PatchEvents.Where(e => e.PatchId == waiting));
        Assert.Equal((PatchEventKind.Trained, PatchStatus.Pending, "ann"), (trained.Kind, trained.Status, trained.Actor));
    }

    [Fact]
    public void A_database_from_before_the_registry_keeps_its_history_under_the_two_built_in_models()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(connection).Options);
        var migrator = db.GetService<IMigrator>();
        migrator.Migrate("20261201052741_Consolidation");
        db.Database.ExecuteSqlRaw("""
            INSERT INTO ModelVersions (Task, Number, CreatedAt, CreatedBy, Reason, PatchIds, PatchCount, ParameterCount) VALUES
              ('QuestionAnswering', 1, '2026-12-01 10:00:00', 'system', 'Base model', '[]', 0, 10),
              ('FactChecking', 1, '2026-12-01 10:05:00', 'system', 'Base model', '[]', 0, 10);
            INSERT INTO Corrections (Task, Input, WrongOutput, Target, Paraphrases, Author, CreatedAt, Status, TrainedOnVersion, Steps, FinalLoss, DurationSeconds)
              VALUES ('FactChecking', 'Bern is the capital of Peru.', 'SUPPORTS', 'REFUTES', '[]', 'anna', '2026-12-01 11:00:00', 'Fixed', 1, 10, 0.1, 1);
            """);

        migrator.Migrate();

        Assert.Equal(["fc", "qa"], db.ModelVersions.Select(v => v.Model).OrderBy(m => m).ToList());
        Assert.Equal("fc", db.Corrections.Single().Model);
        var models = db.RegisteredModels.OrderBy(m => m.Name).ToList();
        Assert.Equal([("fc", ModelKind.Classification), ("qa", ModelKind.Generation)], models.Select(m => (m.Name, m.Kind)));
        Assert.Equal(["REFUTES", "SUPPORTS"], models[0].Labels);
        Assert.Equal("models/qa/base", models[1].BaseDirectory);
    }

    [Fact]
    public async Task Upgrading_a_database_keeps_each_version_readable_as_a_snapshot_of_its_live_patches()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(connection).Options);
        var migrator = db.GetService<IMigrator>();
        migrator.Migrate("20261207152600_Neighbours");
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        db.Database.ExecuteSqlRaw("""
            INSERT INTO ModelVersions (Model, Number, CreatedAt, CreatedBy, Reason, PatchIds, PatchCount, ParameterCount, PatchFile) VALUES
              ('qa', 1, '2026-12-01 10:00:00', 'system', 'Base model', '[]', 0, 10, NULL),
              ('qa', 2, '2026-12-01 11:00:00', 'admin', 'Approved', '["' || {0} || '","' || {1} || '"]', 2, 20, 'models/qa/versions/v00002.safetensors');
            """, b.ToString(), a.ToString());

        migrator.Migrate();

        var versions = db.ModelVersions.OrderBy(v => v.Number).ToList();
        Assert.All(versions, v => Assert.True(v.IsSnapshot));
        Assert.All(versions, v => Assert.Empty(v.AddedIds.Concat(v.RemovedIds)));
        Assert.Equal([b, a], (await VersionChain.LiveAsync(db, versions[1])).Ids);
        Assert.Equal("models/qa/versions/v00002.safetensors", versions[1].PatchFile);
    }

    [Fact]
    public void A_new_database_registers_no_model_before_the_portal_does()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(connection).Options);

        db.Database.Migrate();

        Assert.Empty(db.RegisteredModels);
    }

    private static PortalDbContext Sqlite() =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite("Data Source=:memory:").Options);

    // No server is contacted: these tests only read the compiled model and migrations.
    private static PostgreSqlPortalDbContext PostgreSql() =>
        new(new DbContextOptionsBuilder<PostgreSqlPortalDbContext>().UseNpgsql("Host=unused").Options);
}
