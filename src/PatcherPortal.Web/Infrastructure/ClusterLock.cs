using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PatcherPortal.Web.Infrastructure;

/// <summary>
/// A lock shared by every process on the same database, for the few steps that must not interleave across nodes:
/// numbering a model version, building a base model. On PostgreSQL a session advisory lock: held as long as its
/// connection, so a build of any length keeps it and a node that dies frees it at once. On SQLite, Hangfire's
/// distributed lock in the job storage. This node's own callers queue in front of it on a local gate (waiting counts
/// towards the timeout), so they do not poll the database against each other.
/// </summary>
public sealed class ClusterLock(IServiceProvider services, IOptions<PortalOptions> options)
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(200);
    private readonly KeyedGates local = new();

    public async Task<IDisposable> AcquireAsync(string resource, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        var entered = await local.EnterAsync(resource, timeout, cancellation);
        try
        {
            var left = deadline - DateTime.UtcNow;
            var held = options.Value.Database.Provider == DatabaseProvider.PostgreSql
                ? await AdvisoryAsync($"patcher:{resource}", left, cancellation)
                : await Task.Run(() => HangfireLock($"patcher:{resource}", left < TimeSpan.Zero ? TimeSpan.Zero : left), cancellation);
            return new Held(held, entered);
        }
        catch
        {
            entered.Dispose();
            throw;
        }
    }

    private async Task<IDisposable> AdvisoryAsync(string resource, TimeSpan timeout, CancellationToken cancellation)
    {
        var connection = new NpgsqlConnection(PostgreSqlConnection.String(services));
        try
        {
            await connection.OpenAsync(cancellation);
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                await using (var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext(@resource))", connection))
                {
                    command.Parameters.AddWithValue("resource", resource);
                    if ((bool)(await command.ExecuteScalarAsync(cancellation))!) return new Advisory(connection, resource);
                }
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"Another node has held the lock '{resource}' for over {timeout}.");
                await Task.Delay(Retry, cancellation);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private IDisposable HangfireLock(string resource, TimeSpan timeout)
    {
        var connection = services.GetRequiredService<JobStorage>().GetConnection();
        try
        {
            return new Held(connection.AcquireDistributedLock(resource, timeout), connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Unlocks before closing: a pooled connection would otherwise keep the session, and the lock, alive.</summary>
    private sealed class Advisory(NpgsqlConnection connection, string resource) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext(@resource))", connection);
                command.Parameters.AddWithValue("resource", resource);
                command.ExecuteNonQuery();
            }
            finally
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>Releases <paramref name="inner"/> first, then <paramref name="outer"/>.</summary>
    private sealed class Held(IDisposable inner, IDisposable outer) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                inner.Dispose();
            }
            finally
            {
                outer.Dispose();
            }
        }
    }
}
