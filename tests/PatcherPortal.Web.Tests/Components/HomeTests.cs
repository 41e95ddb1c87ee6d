using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PatcherPortal.Web.Components.Pages;
using PatcherPortal.Web.Models;

namespace PatcherPortal.Web.Tests.Components;

/// <summary>MudBlazor registers async-only disposables, so the bUnit context is disposed asynchronously.</summary>
public sealed class HomeTests : IAsyncLifetime
{
    private readonly BunitContext bunit = new();

    public HomeTests()
    {
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        bunit.Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await bunit.DisposeAsync();

    [Fact]
    public void Shows_name_version_and_patch_count_for_each_task()
    {
        bunit.Services.AddSingleton<IModelStatusProvider>(new FakeModelStatusProvider());

        var home = bunit.Render<Home>();

        var qa = home.Find($"[data-testid=model-card-{ModelTask.QuestionAnswering}]");
        Assert.Contains("Question answering", qa.TextContent);
        Assert.Equal("minilm-qa", qa.QuerySelector(".model-name")!.TextContent);
        Assert.Equal("v3", qa.QuerySelector(".model-version")!.TextContent);
        Assert.Equal("12", qa.QuerySelector(".model-patches")!.TextContent);
        Assert.Contains("Loaded", qa.TextContent);

        var facts = home.Find($"[data-testid=model-card-{ModelTask.FactChecking}]");
        Assert.Contains("Fact checking", facts.TextContent);
        Assert.Equal(ModelStatus.NotLoadedText, facts.QuerySelector(".model-name")!.TextContent);
        Assert.Contains("Not loaded", facts.TextContent);
    }

    [Fact]
    public void Stub_provider_reports_models_as_not_loaded_yet()
    {
        bunit.Services.AddSingleton<IModelStatusProvider, StubModelStatusProvider>();

        var home = bunit.Render<Home>();

        Assert.Equal(2, home.FindAll(".model-name").Count(n => n.TextContent == "not loaded yet"));
    }

    private sealed class FakeModelStatusProvider : IModelStatusProvider
    {
        public Task<ModelStatus> GetStatusAsync(ModelTask task, CancellationToken cancellationToken = default) =>
            Task.FromResult(task == ModelTask.QuestionAnswering
                ? new ModelStatus(task, "minilm-qa", "v3", 12, IsLoaded: true)
                : ModelStatus.NotLoaded(task));
    }
}
