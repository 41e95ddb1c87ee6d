using PatcherPortal.Cli.Commands;
using PatcherPortal.Engine.Editing.Baselines.HyperNetworks;
using PatcherPortal.Engine.Training;

namespace PatcherPortal.Cli.Tests;

public sealed class TrainEditorCommandTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task An_unknown_kind_is_refused_naming_the_kinds_there_are()
    {
        var (exitCode, _, error) = await CliRun.InvokeAsync(TrainEditorCommand.Create(),
            "--kind", "rome", "--task", "fc", "--model", temp.Path, "--output", temp.File("editor"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--kind must be one of: mend, ke", error);
        Assert.False(Directory.Exists(temp.File("editor")));
    }

    [Fact]
    public async Task A_KE_editor_trained_for_a_fact_checker_is_written_with_its_description()
    {
        using (var model = TinyBaseModels.FactChecker(TinyBaseModels.Claims(TinyBaseModels.Facts().Take(10)), steps: 20))
            model.Save(temp.File("base"));

        var (exitCode, output, error) = await CliRun.InvokeAsync(TrainEditorCommand.Create(),
            "--kind", "ke", "--task", "fc", "--model", temp.File("base"), "--output", temp.File("editor"),
            "--steps", "6", "--validation-cases", "3", "--hidden", "16");

        Assert.True(exitCode == 0, error);
        Assert.Contains("| ke | 6 |", output);
        var info = System.Text.Json.JsonSerializer.Deserialize<TrainedEditorInfo>(File.ReadAllText(Path.Combine(temp.File("editor"), TrainedEditor.InfoFile)))!;
        Assert.Equal(("ke", 6, "countries-fc"), (info.Kind, info.Steps, info.Data));
        Assert.True(File.Exists(Path.Combine(temp.File("editor"), TrainedEditor.WeightsFile)));
    }

    public void Dispose() => temp.Dispose();
}
