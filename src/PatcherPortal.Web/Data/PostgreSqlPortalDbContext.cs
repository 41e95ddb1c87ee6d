using Microsoft.EntityFrameworkCore;

namespace PatcherPortal.Web.Data;

/// <summary>
/// The same model on PostgreSQL. EF Core keeps one migration set per context type, so this subclass owns the
/// PostgreSQL migrations in migrations/PostgreSql while the SQLite ones stay attributed to <see cref="PortalDbContext"/>.
/// </summary>
public sealed class PostgreSqlPortalDbContext(DbContextOptions<PostgreSqlPortalDbContext> options) : PortalDbContext(options);
