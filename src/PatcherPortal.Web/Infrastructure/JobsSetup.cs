using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using PatcherPortal.Web.Auth;

namespace PatcherPortal.Web.Infrastructure;

public static class JobsSetup
{
    /// <summary>
    /// Hangfire on SQLite beside the portal's database (or on PostgreSQL when the portal's database is there). The job
    /// servers follow the registered models (<see cref="ModelJobServers"/>); <c>web</c> only queues jobs.
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
        builder.Services.AddSingleton<ModelJobServers>();
        return builder;
    }

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [], AppPath = "/admin", DashboardTitle = "Patcher Portal jobs", DisplayStorageConnectionString = false,
        }).RequireAuthorization(Policies.Admin);
        return app;
    }
}
