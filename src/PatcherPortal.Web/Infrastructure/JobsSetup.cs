using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Infrastructure;

public static class JobsSetup
{
    /// <summary>
    /// Hangfire on SQLite beside the portal's database (or on PostgreSQL when the portal's database is there).
    /// <c>all</c> runs one single-worker server per model queue; <c>worker</c> one server over every model queue with
    /// <see cref="JobOptions.WorkerCount"/> workers (one job at a time per GPU); <c>web</c> only queues jobs.
    /// </summary>
    public static WebApplicationBuilder AddPortalJobs(this WebApplicationBuilder builder)
    {
        // Registered before AddHangfire so the servers, the client and the dashboard use this instance rather than
        // the process-wide JobStorage.Current (several portals share one process in the tests).
        builder.Services.AddSingleton<JobStorage>(services =>
        {
            // Hangfire logs through a process-wide provider that this host's configuration points at its own logger:
            // apply it before the storage logs (the cluster lock may need the storage before anything else does).
            services.GetRequiredService<IGlobalConfiguration>();
            var options = services.GetRequiredService<IOptions<PortalOptions>>().Value;
            if (options.Database.Provider == DatabaseProvider.PostgreSql)
            {
                // Sliding: a running job keeps renewing its claim, so only a job whose worker died goes back to the
                // queue (after the timeout), never one still training on another node.
                var postgreSql = new PostgreSqlStorageOptions
                {
                    InvisibilityTimeout = options.Jobs.InvisibilityTimeout, QueuePollInterval = options.Jobs.QueuePollInterval,
                    UseSlidingInvisibilityTimeout = true,
                };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(PostgreSqlConnection.String(services), postgreSql), postgreSql);
            }
            var paths = services.GetRequiredService<PortalPaths>();
            Directory.CreateDirectory(paths.Root);
            return new SQLiteStorage(paths.JobDatabase, new SQLiteStorageOptions
            {
                InvisibilityTimeout = options.Jobs.InvisibilityTimeout, QueuePollInterval = options.Jobs.QueuePollInterval,
            });
        });
        builder.Services.AddSingleton<ClusterLock>();
        builder.Services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        switch (builder.Role())
        {
            case PortalRole.All:
                foreach (var task in ModelTaskExtensions.All) AddServer(builder, task.Code(), [JobQueues.For(task)], 1);
                break;
            case PortalRole.Worker:
                AddServer(builder, "worker", ModelTaskExtensions.All.Select(JobQueues.For).ToArray(), null);
                break;
        }
        return builder;
    }

    /// <param name="workers">Null: <see cref="JobOptions.WorkerCount"/>.</param>
    private static void AddServer(WebApplicationBuilder builder, string name, string[] queues, int? workers) =>
        builder.Services.AddHangfireServer((services, options) =>
        {
            // Heartbeats tell every node which servers are alive: InterruptedJobs re-queues only the jobs of silent ones.
            var jobs = services.GetRequiredService<IOptions<PortalOptions>>().Value.Jobs;
            (options.HeartbeatInterval, options.ServerTimeout, options.ServerCheckInterval) = (jobs.HeartbeatInterval, jobs.ServerTimeout, jobs.ServerTimeout);
            options.ServerName = $"{Environment.MachineName}-{name}-{Guid.NewGuid():N}"[..^24];
            options.Queues = queues;
            options.WorkerCount = workers ?? jobs.WorkerCount;
            options.SchedulePollingInterval = TimeSpan.FromSeconds(5);
        });

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [], AppPath = "/admin", DashboardTitle = "Patcher Portal jobs", DisplayStorageConnectionString = false,
        }).RequireAuthorization(Policies.Admin);
        return app;
    }
}
