using PatcherPortal.Cli.Commands;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Engine.Training;

namespace PatcherPortal.Cli.Tests;

/// <summary>A model version exported from a tiny model and a patch trained here answers outside the portal: edited with
/// its patches, as the base without them.</summary>
public sealed class PredictCommandTests : IDisposable
{
    private static readonly IReadOnlyList<Engine.Datasets.FactRecord> Facts = TinyBaseModels.Facts();
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task A_fact_checker_version_answers_the_corrected_label_with_its_patches_and_the_base_label_without()
    {
        using var model = TinyBaseModels.FactChecker(TinyBaseModels.Claims(Facts.Take(40)));
        var edit = Edit(model, TinyBaseModels.Claims(Facts.Take(40)), TinyBaseModels.Claims(Facts.Skip(40)));

        await AnswersAsync(edit);
    }

    [Fact]
    public async Task A_question_answerer_version_answers_the_corrected_answer_with_its_patches_and_the_base_answer_without()
    {
        using var model = TinyBaseModels.QuestionAnswerer(TinyBaseModels.Questions(Facts.Take(40)));
        var edit = Edit(model, TinyBaseModels.Questions(Facts.Take(40)), TinyBaseModels.Questions(Facts.Skip(40)));

        await AnswersAsync(edit);
    }

    [Fact]
    public async Task An_input_longer_than_the_model_reads_is_refused_not_truncated()
    {
        using var model = TinyBaseModels.FactChecker(TinyBaseModels.Claims(Facts.Take(10)), steps: 0);
        model.Save(temp.File("base"));
        var longClaim = string.Join(" ", Enumerable.Repeat("paris", 100));

        var (exitCode, output, error) = await CliRun.InvokeAsync(PredictCommand.Create(), "--model", temp.File("base"), longClaim);

        Assert.NotEqual(0, exitCode);
        Assert.Empty(output);
        Assert.Contains("input 1 is 100 tokens long", error);
    }

    private sealed record TrainedEdit(string Input, string EditedAnswer, string BaseAnswer);

    /// <summary>Saves the base, edits the first held-out mistake the editor fixes, and saves its patches.</summary>
    private TrainedEdit Edit(IPretrainedModel model, IReadOnlyList<LabelledInput> known, IReadOnlyList<LabelledInput> heldOut)
    {
        model.Save(temp.File("base"));
        var editable = BaseModelBuilder.Editable(model);
        var editor = new TransformerPatcher(editable, editable.MemoryQueries(known, 40_000, seed: 0));
        foreach (var (input, target) in heldOut.Take(12))
        {
            var before = editable.Predict([input])[0];
            if (editable.Matches(before, target)) continue;
            var outcome = editor.Edit(new EditRequest(input, target));
            if (outcome.Status != EditStatus.Fixed) continue;
            PatchFile.Save(temp.File("patches.safetensors"), outcome.Patches);
            return new TrainedEdit(input, editable.Predict([input])[0], before);
        }
        throw new InvalidOperationException("The tiny model fixed none of its held-out mistakes.");
    }

    private async Task AnswersAsync(TrainedEdit edit)
    {
        ModelVersionExport.WriteDirectory(temp.File("base"), temp.File("patches.safetensors"), temp.File("version"));

        var exported = await CliRun.InvokeAsync(PredictCommand.Create(), "--model", temp.File("version"), edit.Input);
        var basePlusFile = await CliRun.InvokeAsync(PredictCommand.Create(), "--model", temp.File("base"), "--patches", temp.File("patches.safetensors"), edit.Input);
        var baseOnly = await CliRun.InvokeAsync(PredictCommand.Create(), "--model", temp.File("version"), "--no-patches", edit.Input);

        Assert.True(exported.ExitCode == 0, exported.Error);
        Assert.NotEqual(edit.EditedAnswer, edit.BaseAnswer);
        Assert.Equal($"{edit.Input}\t{edit.EditedAnswer}", exported.Output.TrimEnd());
        Assert.Equal(exported.Output, basePlusFile.Output);
        Assert.Equal($"{edit.Input}\t{edit.BaseAnswer}", baseOnly.Output.TrimEnd());
        Assert.Contains("patches from", exported.Error);
        Assert.Contains("no patches", baseOnly.Error);
    }

    public void Dispose() => temp.Dispose();
}
