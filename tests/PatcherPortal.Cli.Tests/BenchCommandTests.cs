using PatcherPortal.Cli.Commands;

namespace PatcherPortal.Cli.Tests;

/// <summary>What `bench` refuses before loading anything.</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public async Task An_unknown_preset_is_refused_with_the_valid_ones_named()
    {
        var (exitCode, _, error) = await CliRun.InvokeAsync(BenchCommand.Create(), "--task", "fc", "--model", "models/none", "--preset", "default,papr");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Unknown preset 'papr'", error);
        Assert.Contains("default, paper", error);
    }

    [Fact]
    public async Task A_lower_patch_layer_with_hard_negatives_is_refused_because_they_are_chosen_at_the_last_layer()
    {
        var (exitCode, _, error) = await CliRun.InvokeAsync(BenchCommand.Create(), "--task", "fc", "--model", "models/none", "--patch-layer", "-2", "--hard-negatives", "8");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--hard-negatives", error);
        Assert.Contains("--patch-layer", error);
    }
}
