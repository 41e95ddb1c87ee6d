using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Infrastructure;

public static class StorageSetup
{
    public static WebApplicationBuilder AddPortalStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section);
        builder.Services.AddSingleton<PortalPaths>();
        builder.Services.AddSingleton<DataFiles>();
        // Sign-in cookies and antiforgery tokens must read the same on every web node: the keys live in the shared data directory.
        builder.Services.AddDataProtection().SetApplicationName("PatcherPortal");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<PortalPaths, ILoggerFactory>((options, paths, logs) =>
            options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(paths.DataProtectionKeys), logs));
        if (builder.Configuration.GetValue<DatabaseProvider>("Portal:Database:Provider") == DatabaseProvider.PostgreSql)
        {
            builder.Services.AddDbContextFactory<PostgreSqlPortalDbContext>((services, options) =>
                options.UseNpgsql(PostgreSqlConnection.String(services)).AddInterceptors(services.GetServices<IInterceptor>()));
            builder.Services.AddSingleton<IDbContextFactory<PortalDbContext>, PostgreSqlContexts>();
            builder.Services.AddScoped<PortalDbContext>(services => services.GetRequiredService<PostgreSqlPortalDbContext>());
            return builder;
        }
        builder.Services.AddDbContextFactory<PortalDbContext>((services, options) =>
        {
            var paths = services.GetRequiredService<PortalPaths>();
            Directory.CreateDirectory(paths.Root);
            // Interceptors registered as services (diagnostics, tests counting queries) see every command too.
            options.UseSqlite($"Data Source={paths.Database}")
                .AddInterceptors([new SqliteBusyTimeout(TimeSpan.FromSeconds(30)), .. services.GetServices<IInterceptor>()]);
        });
        return builder;
    }

    /// <summary>Brings the database to the latest migration before anything reads it. Nodes starting at once on PostgreSQL
    /// take turns under the cluster lock: EF Core's own lock let two of them apply the same migration.</summary>
    public static WebApplication MigrateDatabase(this WebApplication app)
    {
        using var db = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();
        using (db.Database.IsNpgsql() ? app.Services.GetRequiredService<ClusterLock>().AcquireAsync("migrations", TimeSpan.FromMinutes(10)).GetAwaiter().GetResult() : null)
            db.Database.Migrate();
        if (db.Database.IsSqlite()) db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        return app;
    }

    /// <summary>Hands out the PostgreSQL context wherever the portal asks for a <see cref="PortalDbContext"/>.</summary>
    private sealed class PostgreSqlContexts(IDbContextFactory<PostgreSqlPortalDbContext> contexts) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => contexts.CreateDbContext();
    }
}
