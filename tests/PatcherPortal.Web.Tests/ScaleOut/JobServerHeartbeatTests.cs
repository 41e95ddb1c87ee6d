using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Server;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Logging.Abstractions;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Tests.ScaleOut;

/// <summary>
/// Interrupted patch jobs are re-queued only when their server stopped sending heartbeats: on either job storage a
/// worker that is still beating counts as alive (its job is left alone) and a silent one as dead.
/// </summary>
[Collection(Collection)]
public sealed class JobServerHeartbeatTests
{
    /// <summary>Alone, after the portals: Hangfire logs through a process-wide provider that a disposed test portal
    /// may have left behind, and PostgreSQL's schema installer fails for good if it logs there.</summary>
    public const string Collection = "Hangfire's process-wide logging";

    public JobServerHeartbeatTests() =>
        GlobalConfiguration.Configuration.UseLogProvider(new AspNetCoreLogProvider(NullLoggerFactory.Instance));

    [Fact]
    public void On_SQLite_only_the_servers_that_beat_within_the_timeout_are_alive()
    {
        var file = Path.Combine(Path.GetTempPath(), $"heartbeats-{Guid.NewGuid():N}.db");
        try
        {
            AssertOnlyTheBeatingServerIsAlive(new SQLiteStorage(file, new SQLiteStorageOptions()));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [PostgreSqlFact]
    public async Task On_PostgreSQL_only_the_servers_that_beat_within_the_timeout_are_alive()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync();
        var options = new PostgreSqlStorageOptions();
        AssertOnlyTheBeatingServerIsAlive(new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, options), options));
    }

    private static void AssertOnlyTheBeatingServerIsAlive(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        var context = new ServerContext { Queues = ["fc"], WorkerCount = 1 };
        connection.AnnounceServer("silent", context);
        connection.AnnounceServer("beating", context);
        Thread.Sleep(TimeSpan.FromSeconds(2.5));
        connection.Heartbeat("beating");

        Assert.Equal(["beating"], InterruptedJobs.LiveServers(storage, TimeSpan.FromSeconds(1.5)).Order());
        Assert.Equal(["beating", "silent"], InterruptedJobs.LiveServers(storage, TimeSpan.FromMinutes(1)).Order());
    }
}

[CollectionDefinition(JobServerHeartbeatTests.Collection, DisableParallelization = true)]
public sealed class HangfireLoggingCollection;
