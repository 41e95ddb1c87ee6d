using System.Security.Claims;
using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PatcherPortal.Engine.Consolidation;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Hosting;

namespace PatcherPortal.Web.Consolidation;

public sealed record ConsolidationQueuedResponse(int RunId, string Status, string StatusUrl);

public sealed record ConsolidationRunResponse(int RunId, string Task, string Status, bool Scheduled, string RequestedBy, DateTime QueuedAt,
    DateTime? FinishedAt, int FromVersion, int? ToVersion, int EditsFolded, int EditsKept, int EditsRetrained, int EditsUnfixed,
    int PatchesBefore, int PatchesAfter, double? ErBefore, double? ErAfter, double? TrainRBefore, double? TrainRAfter,
    double? TestRBefore, double? TestRAfter, string? Reason);

public static class ConsolidationSetup
{
    public static WebApplicationBuilder AddPortalConsolidation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsolidationSchedule>().BindConfiguration("Portal:Consolidation");
        builder.Services.AddOptions<ConsolidationOptions>().BindConfiguration("Portal:Consolidation");
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new ConsolidationScheduler(new RecurringJobManager(services.GetRequiredService<JobStorage>(),
            services.GetService<IJobFilterProvider>() ?? JobFilterProviders.Providers, services.GetService<ITimeZoneResolver>() ?? new DefaultTimeZoneResolver(),
            () => services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime),
            services.GetRequiredService<ModelRegistry>()));
        builder.Services.AddSingleton<ConsolidationSettings>();
        builder.Services.AddSingleton<ConsolidationTracker>();
        builder.Services.AddSingleton<Consolidations>();
        builder.Services.AddTransient<ConsolidationJob>();
        return builder;
    }

    public static WebApplication MapConsolidationApi(this WebApplication app)
    {
        var admin = app.MapApiGroup(policy: Policies.Admin);
        admin.MapPost("/models/{model}/consolidate", async (string model, ClaimsPrincipal user, Consolidations consolidations, ModelRegistry registry) =>
        {
            var run = await consolidations.QueueAsync(registry.Resolve(model).Name, user);
            var url = $"/api/consolidations/{run.Id}";
            return Results.Accepted(url, new ConsolidationQueuedResponse(run.Id, run.Status.ToString(), url));
        }).WithSummary("Fold the model's live patches into its base now (a consolidation run is queued).")
            .Produces<ConsolidationQueuedResponse>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        admin.MapGet("/consolidation/schedule", (ConsolidationSettings settings) => settings.GetAsync())
            .WithSummary("When consolidation runs by itself: on or off, the cron schedule (UTC), the minimum of live patches.");
        admin.MapPut("/consolidation/schedule", async (ConsolidationSchedule schedule, ClaimsPrincipal user, ConsolidationSettings settings) =>
        {
            await settings.SaveAsync(schedule, user.Actor());
            return await settings.GetAsync();
        }).WithSummary("Change when consolidation runs by itself; an invalid value is refused (400) and nothing is saved.");
        admin.MapGet("/consolidations/{id}", async (int id, Consolidations consolidations) =>
            ToResponse(await consolidations.GetAsync(id) ?? throw new KeyNotFoundException($"There is no consolidation run #{id}.")))
            .WithSummary("A consolidation run: status, what it folded in, metrics before and after.");
        return app;
    }

    private static ConsolidationRunResponse ToResponse(ConsolidationRun r) => new(r.Id, r.Model, r.Status.ToString(), r.Scheduled,
        r.RequestedBy, r.QueuedAt, r.FinishedAt, r.FromVersion, r.ToVersion, r.FoldedCorrections.Count, r.KeptEdits, r.RetrainedEdits,
        r.UnfixedEdits, r.PatchesBefore, r.PatchesAfter, r.ErBefore, r.ErAfter, r.TrainRBefore, r.TrainRAfter, r.TestRBefore, r.TestRAfter, r.Reason);
}
