using Hangfire;

namespace PatcherPortal.Web.Infrastructure;

/// <summary>
/// A lock shared by every process on the same job storage (Hangfire's distributed lock: a row in SQLite or PostgreSQL),
/// for the few steps that must not interleave across nodes: numbering a model version, building a base model.
/// </summary>
public sealed class ClusterLock(JobStorage storage)
{
    public Task<IDisposable> AcquireAsync(string resource, TimeSpan timeout, CancellationToken cancellation = default) => Task.Run(() =>
    {
        var connection = storage.GetConnection();
        try
        {
            return (IDisposable)new Held(connection, connection.AcquireDistributedLock($"patcher:{resource}", timeout));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }, cancellation);

    private sealed class Held(IDisposable connection, IDisposable handle) : IDisposable
    {
        public void Dispose()
        {
            handle.Dispose();
            connection.Dispose();
        }
    }
}
