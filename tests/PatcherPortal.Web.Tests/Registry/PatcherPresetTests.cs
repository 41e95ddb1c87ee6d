using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Registry;

namespace PatcherPortal.Web.Tests.Registry;

/// <summary><c>Portal:Patcher:Preset</c> and a model's <c>preset</c> setting pick the editor's defaults.</summary>
public sealed class PatcherPresetTests
{
    private static PatcherOptions Configured(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddOptions<PatcherOptions>().BindConfiguration(PatcherPresetOptionsFactory.Section);
        services.AddSingleton<IOptionsFactory<PatcherOptions>, PatcherPresetOptionsFactory>();
        return services.BuildServiceProvider().GetRequiredService<IOptions<PatcherOptions>>().Value;
    }

    [Fact]
    public void Without_a_preset_the_portal_runs_the_default_editor()
    {
        Assert.Equal(new PatcherOptions(), Configured());
    }

    [Fact]
    public void The_paper_preset_runs_the_papers_algorithm_and_other_settings_still_override_it()
    {
        var options = Configured(("Portal:Patcher:Preset", "Paper"), ("Portal:Patcher:MaxSteps", "50"));

        Assert.Equal(PatcherOptions.Paper with { MaxSteps = 50 }, options);
        Assert.Equal(KeyInitialization.Centered, new PatcherOptions().KeyInit);   // the shared preset was not bound over
    }

    [Fact]
    public void A_models_preset_setting_starts_its_editor_from_that_preset_with_its_other_settings_on_top()
    {
        var portal = new PatcherOptions { MaxSteps = 70 };

        var paper = EditorSettings.Apply(portal, """{"preset": "Paper", "memoryWeight": 5}""");
        var tuned = EditorSettings.Apply(portal, """{"memoryWeight": 5}""");

        Assert.Equal(PatcherOptions.Paper with { MemoryWeight = 5 }, paper);
        Assert.Equal(portal with { MemoryWeight = 5 }, tuned);
    }
}
