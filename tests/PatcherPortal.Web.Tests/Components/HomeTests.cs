using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Components.Pages.Home;
using PatcherPortal.Web.Models;

namespace PatcherPortal.Web.Tests.Components;

public sealed class HomeTests : IAsyncLifetime
{
    private readonly BunitContext bunit = PortalBunit.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await bunit.DisposeAsync();

    [Fact]
    public void Shows_name_version_and_patch_count_for_each_model_and_what_a_model_being_built_is_doing()
    {
        bunit.Services.AddSingleton<IModelStatusProvider>(new FakeModelStatusProvider());

        var home = bunit.Render<Home>();

        var qa = home.Find("[data-testid=model-card-qa]");
        Assert.Contains("Question answering", qa.TextContent);
        Assert.Equal("qa", qa.QuerySelector(".model-name")!.TextContent);
        Assert.Equal("v3", qa.QuerySelector(".model-version")!.TextContent);
        Assert.Equal("12", qa.QuerySelector(".model-patches")!.TextContent);
        Assert.Contains("Loaded", qa.TextContent);

        var facts = home.Find("[data-testid=model-card-fc]");
        Assert.Contains("Fact checking", facts.TextContent);
        Assert.Equal(ModelStatus.NotLoadedText, facts.QuerySelector(".model-version")!.TextContent);
        Assert.Contains("Not loaded", facts.TextContent);
        Assert.Equal("Training step 30 of 120", facts.QuerySelector(".model-activity")!.TextContent);
    }

    private sealed class FakeModelStatusProvider : IModelStatusProvider
    {
        public Task<IReadOnlyList<ModelStatus>> GetStatusesAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ModelStatus>>(
            [
                new ModelStatus("qa", "Question answering", "v3", 12, IsLoaded: true) { Kind = ModelKind.Generation },
                ModelStatus.NotLoaded("fc") with
                {
                    ModelName = "Fact checking", Kind = ModelKind.Classification, Activity = "Training step 30 of 120", Progress = 0.25,
                },
            ]);
    }
}
