using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.Web.Tests.ScaleOut;

/// <summary>Two nodes asking for the same cluster lock: the second waits until the first lets go.</summary>
public sealed class ClusterLockTests
{
    [Fact]
    public async Task On_SQLite_a_held_lock_makes_the_next_node_wait_until_it_is_released()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cluster-lock-{Guid.NewGuid():N}.db");
        try
        {
            // Hangfire logs through a process-wide provider, left pointing at whichever test portal configured it last.
            GlobalConfiguration.Configuration.UseLogProvider(new AspNetCoreLogProvider(NullLoggerFactory.Instance));
            await HoldAndWaitAsync(Lock(new PortalOptions(), services => services.AddSingleton<JobStorage>(new SQLiteStorage(file, new SQLiteStorageOptions()))));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [PostgreSqlFact]
    public async Task On_PostgreSQL_a_held_lock_makes_the_next_node_wait_until_it_is_released()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync();
        var options = new PortalOptions { Database = { Provider = DatabaseProvider.PostgreSql, ConnectionString = database.ConnectionString } };
        await HoldAndWaitAsync(Lock(options, _ => { }));
    }

    private static async Task HoldAndWaitAsync(ClusterLock cluster)
    {
        var held = await cluster.AcquireAsync("versions:fc", TimeSpan.FromSeconds(5));
        await Assert.ThrowsAnyAsync<Exception>(() => cluster.AcquireAsync("versions:fc", TimeSpan.FromSeconds(1)));
        using (await cluster.AcquireAsync("versions:qa", TimeSpan.FromSeconds(1))) { }

        var waiting = cluster.AcquireAsync("versions:fc", TimeSpan.FromSeconds(20));
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted);
        held.Dispose();
        (await waiting).Dispose();
    }

    private static ClusterLock Lock(PortalOptions options, Action<IServiceCollection> storage)
    {
        var services = new ServiceCollection().AddSingleton(Options.Create(options));
        storage(services);
        var provider = services.BuildServiceProvider();
        return new ClusterLock(provider, provider.GetRequiredService<IOptions<PortalOptions>>());
    }
}
