using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.Web.Patching;

/// <summary>
/// Finishes what a crash interrupted. A correction whose job was running on a server that stopped sending heartbeats
/// goes back on its queue at once, rather than after the storage's invisibility timeout (30 min on SQLite); a
/// correction saved just before a crash that never got its job gets one. Patch jobs are idempotent, so the copy the
/// storage itself re-queues later adds nothing. Temporary files of writes that never finished are removed. Every node
/// runs this; one at a time (the cluster lock), so a correction without a job gets one, not one per node.
/// </summary>
public sealed class InterruptedJobs(IDbContextFactory<PortalDbContext> databases, JobStorage storage, IBackgroundJobClient jobs,
    PortalPaths paths, Hosting.ModelRegistry registry, ClusterLock cluster, IOptions<PortalOptions> options, ILogger<InterruptedJobs> logger) : BackgroundService
{
    /// <summary>Older than any write in progress, on this or another node sharing the directory.</summary>
    private static readonly TimeSpan LeftoverAge = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using (await cluster.AcquireAsync("recovery", options.Value.Jobs.RecoveryInterval, stoppingToken))
                    await RecoverAsync(stoppingToken);
                foreach (var model in registry.All)
                foreach (var directory in paths.PatchDirectories(model.Name)) AtomicFile.RemoveLeftovers(directory, LeftoverAge);
            }
            catch (TimeoutException)
            {
                // Another node is checking.
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Checking for interrupted patch jobs failed; trying again later");
            }
            await Task.Delay(options.Value.Jobs.RecoveryInterval, stoppingToken);
        }
    }

    /// <returns>How many corrections were queued again.</returns>
    private async Task<int> RecoverAsync(CancellationToken cancellation)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var unfinished = await db.Corrections.Where(c => c.Status == CorrectionStatus.Queued || c.Status == CorrectionStatus.Training)
            .ToListAsync(cancellation);
        if (unfinished.Count == 0) return 0;
        var alive = LiveServers(storage, options.Value.Jobs.ServerTimeout);
        using var connection = storage.GetConnection();
        var recovered = 0;
        foreach (var correction in unfinished)
        {
            var queue = new EnqueuedState(JobQueues.For(correction.Model));
            if (correction.JobId is null)
            {
                // Submission saves the correction, then creates its job: give the live submitter time to finish.
                if (DateTime.UtcNow - correction.CreatedAt < options.Value.Jobs.ServerTimeout) continue;
                correction.JobId = jobs.Create<PatchJob>(job => job.RunAsync(correction.Id, CancellationToken.None), queue);
            }
            else if (connection.GetStateData(correction.JobId) is { } state && state.Name == ProcessingState.StateName
                && !alive.Contains(state.Data.TryGetValue("ServerId", out var server) ? server : ""))
            {
                if (!jobs.ChangeState(correction.JobId, queue, ProcessingState.StateName)) continue;
            }
            else continue;
            logger.LogWarning("Correction #{Id} was interrupted by a crash; its patch job is queued again", correction.Id);
            recovered++;
        }
        await db.SaveChangesAsync(cancellation);
        return recovered;
    }

    /// <summary>The ids of the job servers (on any node) whose last heartbeat is younger than <paramref name="timeout"/>.</summary>
    public static HashSet<string> LiveServers(JobStorage storage, TimeSpan timeout)
    {
        var since = DateTime.UtcNow - timeout;
        return storage.GetMonitoringApi().Servers().Where(s => s.Heartbeat is { } beat && beat >= since).Select(s => s.Name).ToHashSet();
    }
}
