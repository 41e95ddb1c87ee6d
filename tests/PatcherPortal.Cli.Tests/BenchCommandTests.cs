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
    public async Task A_split_whose_fractions_exceed_one_is_refused_before_any_data_is_read()
    {
        var (exitCode, _, error) = await CliRun.InvokeAsync(BenchCommand.Create(), "--task", "qa", "--model", "models/none", "--data", "missing.json", "--split", "0.6,0.1,0.4");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--split", error);
        Assert.Contains("at most 1", error);
    }
}
