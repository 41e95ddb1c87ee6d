using Hangfire;
using Hangfire.Storage.SQLite;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.Infrastructure;

public static class JobsSetup
{
    /// <summary>Hangfire on SQLite beside the portal's database, one single-worker server per model queue.</summary>
    public static WebApplicationBuilder AddPortalJobs(this WebApplicationBuilder builder)
    {
        // Registered before AddHangfire so the servers, the client and the dashboard use this instance rather than
        // the process-wide JobStorage.Current (several portals share one process in the tests).
        builder.Services.AddSingleton<JobStorage>(services =>
        {
            var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PortalOptions>>().Value.Jobs;
            var paths = services.GetRequiredService<PortalPaths>();
            Directory.CreateDirectory(paths.Root);
            return new SQLiteStorage(paths.JobDatabase, new SQLiteStorageOptions
            {
                InvisibilityTimeout = options.InvisibilityTimeout, QueuePollInterval = options.QueuePollInterval,
            });
        });
        builder.Services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        foreach (var task in ModelTaskExtensions.All)
        {
            builder.Services.AddHangfireServer((services, options) =>
            {
                var jobs = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PortalOptions>>().Value.Jobs;
                (options.HeartbeatInterval, options.ServerTimeout, options.ServerCheckInterval) = (jobs.HeartbeatInterval, jobs.ServerTimeout, jobs.ServerTimeout);
                options.ServerName = $"{Environment.MachineName}-{task.Code()}-{Guid.NewGuid():N}"[..^24];
                options.Queues = [JobQueues.For(task)];
                options.WorkerCount = 1;
                options.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            });
        }
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
