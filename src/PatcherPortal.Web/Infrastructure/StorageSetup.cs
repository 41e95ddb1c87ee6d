using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Infrastructure;

public static class StorageSetup
{
    public static WebApplicationBuilder AddPortalStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section);
        builder.Services.AddSingleton<PortalPaths>();
        builder.Services.AddSingleton<DataFiles>();
        builder.Services.AddDbContextFactory<PortalDbContext>((services, options) =>
        {
            var paths = services.GetRequiredService<PortalPaths>();
            Directory.CreateDirectory(paths.Root);
            options.UseSqlite($"Data Source={paths.Database}");
        });
        return builder;
    }

    /// <summary>Brings the database to the latest migration before anything reads it.</summary>
    public static WebApplication MigrateDatabase(this WebApplication app)
    {
        using var db = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();
        db.Database.Migrate();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        return app;
    }
}
