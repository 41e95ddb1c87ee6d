using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Microsoft.Extensions.Options;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Infrastructure;

/// <summary>
/// One Hangfire server per model queue, started when the model comes into service (models are registered at run
/// time) and stopped when it is retired or the process stops. <c>all</c> gives each one worker; <c>worker</c>
/// <see cref="JobOptions.WorkerCount"/>; <c>web</c> runs none.
/// </summary>
public sealed class ModelJobServers(IServiceProvider services, IOptions<PortalOptions> options) : IDisposable
{
    private readonly Dictionary<string, BackgroundJobServer> servers = [];

    public void Start(string modelName)
    {
        var portal = options.Value;
        if (!portal.Role.RunsJobs()) return;
        lock (servers)
        {
            if (servers.ContainsKey(modelName)) return;
            // Heartbeats tell every node which servers are alive: InterruptedJobs re-queues only the jobs of silent ones.
            var jobs = portal.Jobs;
            var serverOptions = new BackgroundJobServerOptions
            {
                HeartbeatInterval = jobs.HeartbeatInterval, ServerTimeout = jobs.ServerTimeout, ServerCheckInterval = jobs.ServerTimeout,
                ServerName = $"{Environment.MachineName}-{modelName}-{Guid.NewGuid():N}"[..^24],
                Queues = [JobQueues.For(modelName)], WorkerCount = portal.Role == PortalRole.Worker ? jobs.WorkerCount : 1,
                SchedulePollingInterval = TimeSpan.FromSeconds(5),
            };
            // The constructor Hangfire.NetCore's hosted service uses too: the only one taking the host's job activator (DI).
#pragma warning disable CS0618
            servers[modelName] = new BackgroundJobServer(serverOptions, services.GetRequiredService<JobStorage>(), [],
                services.GetService<IJobFilterProvider>(), services.GetService<JobActivator>(), services.GetService<IBackgroundJobFactory>(),
                services.GetService<IBackgroundJobPerformer>(), services.GetService<IBackgroundJobStateChanger>());
#pragma warning restore CS0618
        }
    }

    public void Stop(string modelName)
    {
        BackgroundJobServer? server;
        lock (servers)
            if (servers.Remove(modelName, out server)) server.SendStop();
        server?.Dispose();
    }

    public void Dispose()
    {
        List<BackgroundJobServer> all;
        lock (servers) all = servers.Values.ToList();
        foreach (var server in all) server.SendStop();
        foreach (var server in all) server.Dispose();
        lock (servers) servers.Clear();
    }
}
