using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Data;

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
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: run migrations/regenerate-postgresql.sh.");
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

    private static PortalDbContext Sqlite() =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite("Data Source=:memory:").Options);

    // No server is contacted: these tests only read the compiled model and migrations.
    private static PostgreSqlPortalDbContext PostgreSql() =>
        new(new DbContextOptionsBuilder<PostgreSqlPortalDbContext>().UseNpgsql("Host=unused").Options);
}
