using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PatcherPortal.Web.Data;

/// <summary>
/// Lets SQLite itself wait for a competing writer (it retries every few milliseconds) on every connection. Without it
/// Microsoft.Data.Sqlite retries a busy statement after sleeping 150 ms each time, and under concurrent requests those
/// sleeps made most of the predict API's latency (each prediction writes its review item).
/// </summary>
public sealed class SqliteBusyTimeout(TimeSpan wait) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = Command(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand Command(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {(int)wait.TotalMilliseconds};";
        return command;
    }
}
