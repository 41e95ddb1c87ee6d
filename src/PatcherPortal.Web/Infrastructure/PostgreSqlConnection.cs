using Microsoft.Extensions.Options;

namespace PatcherPortal.Web.Infrastructure;

public static class PostgreSqlConnection
{
    public static string String(IServiceProvider services) =>
        services.GetRequiredService<IOptions<PortalOptions>>().Value.Database.ConnectionString is { Length: > 0 } connection
            ? connection
            : throw new InvalidOperationException("Portal:Database:Provider is PostgreSql but Portal:Database:ConnectionString is empty. " +
                                                  "Set it, e.g. Host=db;Database=portal;Username=portal;Password=...");
}
