using System.CommandLine;
using PatcherPortal.Cli.Commands;
using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Cli.Tests;

/// <summary>What `bench` refuses before loading anything, and what its T-Patcher flags set.</summary>
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

    [Fact]
    public async Task A_lower_patch_layer_with_hard_negatives_is_refused_because_they_are_chosen_at_the_last_layer()
    {
        var (exitCode, _, error) = await CliRun.InvokeAsync(BenchCommand.Create(), "--task", "fc", "--model", "models/none", "--patch-layer", "-2", "--hard-negatives", "8");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--hard-negatives", error);
        Assert.Contains("--patch-layer", error);
    }

    [Fact]
    public async Task A_model_directory_that_does_not_exist_is_one_line_naming_it_not_a_stack_trace()
    {
        using var temp = new TempDirectory();
        var (exitCode, _, error) = await CliRun.InvokeAsync(BenchCommand.Create(), "--task", "fc", "--model", temp.File("no-model"), "--folds", "1");

        Assert.Equal(1, exitCode);
        Assert.Equal($"error: Model directory {temp.File("no-model")} does not exist.", Assert.Single(CliRun.Lines(error)));
    }

    [Fact]
    public async Task A_checkpoint_interval_below_one_edit_is_refused()
    {
        var (exitCode, _, error) = await CliRun.InvokeAsync(BenchCommand.Create(), "--task", "fc", "--model", "models/none", "--checkpoint-every", "0");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--checkpoint-every must be at least 1", error);
    }

    [Fact]
    public void Without_flags_the_editor_runs_with_the_default_options()
    {
        var flags = new PatcherFlags();

        Assert.Equal(new PatcherOptions(), flags.Read(Parse(flags), new PatcherOptions()));
    }

    [Fact]
    public void Every_T_Patcher_flag_sets_its_own_editor_option()
    {
        var flags = new PatcherFlags();
        var result = Parse(flags, "--value-scale", "7", "--learnable-scale", "--key-init", "Paper", "--max-patches", "3", "--max-steps", "50",
            "--query-dropout", "0.2", "--key-margin", "1.5", "--paraphrase-quantile", "0.8", "--contrastive", "8", "--hard-negatives", "4",
            "--template-neighbours", "6", "--value-init", "Paper", "--untied", "--min-edit-activation", "1", "--stop-when-clean",
            "--shift-scale", "0.5", "--memory-weight", "2", "--no-memory-margin");

        var expected = new PatcherOptions
        {
            ValueScale = 7, LearnableValueScale = true, KeyInit = KeyInitialization.Paper, MaxPatchesPerEdit = 3, MaxSteps = 50, QueryDropout = 0.2,
            CenteredKeyMargin = 1.5, ParaphraseQuantile = 0.8, ContrastiveNegatives = 8, HardNegatives = 4, TemplateNeighbours = 6,
            ValueInit = ValueInitialization.Paper, TiePatchesToPositions = false, MinEditActivation = 1, StopWhenRobust = false, ShiftScale = 0.5,
            MemoryWeight = 2, MemoryMarginWeight = 0, MemorySize = 100,
        };
        Assert.Empty(result.Errors);
        Assert.Equal(expected, flags.Read(result, new PatcherOptions { MemorySize = 100 }));
    }

    private static ParseResult Parse(PatcherFlags flags, params string[] args)
    {
        var command = new RootCommand();
        foreach (var option in flags.Options) command.Options.Add(option);
        return command.Parse(args);
    }
}
