using Microsoft.Extensions.Options;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Metrics;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Review;
using PatcherPortal.Web.Settings;

namespace PatcherPortal.Web.Infrastructure;

public static class ModelsSetup
{
    /// <summary>The models in service, their patch jobs and the services the pages and the API share.</summary>
    public static WebApplicationBuilder AddPortalModels(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PatcherOptions>().BindConfiguration(PatcherPresetOptionsFactory.Section);
        builder.Services.AddSingleton<IOptionsFactory<PatcherOptions>, PatcherPresetOptionsFactory>();
        builder.Services.AddOptions<FaultOptions>().BindConfiguration(FaultOptions.Section);
        builder.Services.AddSingleton<FaultPoints>();
        builder.Services.AddSingleton<ModelRegistry>();
        builder.Services.AddSingleton<IModelStatusProvider, LiveModelStatusProvider>();
        builder.Services.AddScoped<Components.Shared.ModelSelection>();
        builder.Services.AddSingleton<BaseModelProvisioner>();
        builder.Services.AddSingleton<ModelServing>();
        builder.Services.AddSingleton<Registry.ModelRegistration>();
        builder.Services.AddSingleton<PatchTensorStore>();
        builder.Services.AddSingleton<ModelVersions>();
        builder.Services.AddSingleton<Workbenches>();
        builder.Services.AddSingleton<TrainingThreads>();
        builder.Services.AddSingleton<JobProgress>();
        builder.Services.AddSingleton<PortalSettings>();
        builder.Services.AddSingleton<Corrections>();
        builder.Services.AddSingleton<CorrectionRetries>();
        builder.Services.AddSingleton<ModelData.ModelDataStore>();
        builder.Services.AddSingleton<ModelData.EditImport>();
        builder.Services.AddSingleton<ModelData.AcceptedAnswers>();
        builder.Services.AddSingleton<Patching.Neighbours.NeighbourReview>();
        builder.Services.AddSingleton<PatchAdministration>();
        builder.Services.AddSingleton<Predictions>();
        builder.Services.AddSingleton<ReviewService>();
        builder.Services.AddSingleton<ReviewImport>();
        builder.Services.AddSingleton<Review.Traffic.SamplingPolicies>();
        builder.Services.AddSingleton<Review.Traffic.ReviewRetention>();
        builder.Services.AddSingleton<Review.Traffic.TrafficIngest>();
        builder.Services.AddHostedService<Review.Traffic.RetentionSweep>();
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddSingleton<PortalQueries>();
        builder.Services.AddSingleton<DashboardQueries>();
        builder.Services.AddTransient<PatchJob>();
        builder.Services.AddTransient<MetricsJob>();
        builder.Services.AddHostedService<ModelBootstrapper>();
        builder.Services.AddHostedService<VersionWatcher>();
        builder.Services.AddSingleton<InterruptedJobs>();
        builder.Services.AddHostedService(services => services.GetRequiredService<InterruptedJobs>());
        return builder;
    }
}
