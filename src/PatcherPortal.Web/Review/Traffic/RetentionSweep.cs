using PatcherPortal.Web.Hosting;

namespace PatcherPortal.Web.Review.Traffic;

/// <summary>Applies every model's retention bound each <c>Portal:Review:RetentionInterval</c> (an hour by default), so items
/// expire by age on a model that receives no traffic too. Idempotent: several nodes sweeping at once remove the same items.</summary>
public sealed class RetentionSweep(ModelRegistry registry, SamplingPolicies policies, ReviewRetention retention, IConfiguration configuration,
    ILogger<RetentionSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(configuration.GetValue("Portal:Review:RetentionInterval", TimeSpan.FromHours(1)));
        while (await timer.WaitForNextTickAsync(stopping))
        {
            foreach (var model in registry.All)
            {
                try
                {
                    var removed = await retention.ApplyAsync(model.Name, await policies.GetAsync(model.Name, stopping), stopping);
                    if (removed > 0) logger.LogInformation("Retention removed {Count} undecided review items of the {Model} model", removed, model.Name);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    logger.LogError(error, "Retention of the {Model} review queue failed; the next sweep tries again", model.Name);
                }
            }
        }
    }
}
