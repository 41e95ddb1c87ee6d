using System.CommandLine;
using PatcherPortal.Engine;
using PatcherPortal.Engine.Editing.Baselines.HyperNetworks;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Training;

namespace PatcherPortal.Cli.Commands;

/// <summary><c>patcher train-editor</c>: trains a MEND or KE editor for one base model on its training split.</summary>
public static class TrainEditorCommand
{
    public static Command Create()
    {
        var defaults = new EditorTrainingOptions();
        var kind = new Option<string>("--kind")
        {
            Description = "mend or ke", Required = true,
            Validators = { r => { if (!TrainedEditor.Kinds.Contains(r.GetValueOrDefault<string>())) r.AddError($"--kind must be one of: {string.Join(", ", TrainedEditor.Kinds)}"); } },
        };
        var task = CommonOptions.Task();
        var data = CommonOptions.Data();
        var seed = CommonOptions.Seed();
        var split = CommonOptions.Split();
        var model = new Option<DirectoryInfo>("--model") { Description = "The base model the editor will edit (a directory written by 'train')", Required = true };
        var outputDirectory = new Option<DirectoryInfo>("--output") { Description = "Editor directory to write (holds the checkpoint while training; a restart resumes from it)", Required = true };
        var steps = new Option<int>("--steps") { Description = "Training edits (one per step)", DefaultValueFactory = _ => defaults.Steps };
        var learningRate = new Option<double>("--learning-rate") { Description = "Adam's learning rate for the editor", DefaultValueFactory = _ => defaults.LearningRate };
        var locality = new Option<double>("--locality-weight") { Description = "Weight of the KL term on inputs the edit must not change (c_loc)", DefaultValueFactory = _ => defaults.LocalityWeight };
        var hidden = new Option<int>("--hidden") { Description = "Hidden width of the editor network", DefaultValueFactory = _ => defaults.Hidden };
        var checkpoint = new Option<int>("--checkpoint-every") { Description = "Save a checkpoint every this many steps", DefaultValueFactory = _ => defaults.CheckpointEvery };
        var validation = new Option<int>("--validation-cases") { Description = "Training edits held out and measured before and after training", DefaultValueFactory = _ => defaults.ValidationCases };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (use 1 when sharing the machine)", DefaultValueFactory = _ => 1 };
        var command = new Command("train-editor", "Train a MEND or KE editor for a base model on counterfactual edits of its training split; resumes from its checkpoint if interrupted")
            { kind, task, data, seed, split, model, outputDirectory, steps, learningRate, locality, hidden, checkpoint, validation, threads };
        command.SetAction((result, cancellation) =>
        {
            TorchSharp.torch.set_num_threads(result.GetValue(threads));
            var options = new EditorTrainingOptions
            {
                Kind = result.GetValue(kind)!, Steps = result.GetValue(steps), LearningRate = result.GetValue(learningRate),
                LocalityWeight = result.GetValue(locality), Hidden = result.GetValue(hidden), CheckpointEvery = result.GetValue(checkpoint), ValidationCases = result.GetValue(validation), Seed = result.GetValue(seed),
            };
            var taskData = CommonOptions.Load(result.GetValue(task)!, result.GetValue(data)!, result.GetValue(seed), Engine.Datasets.TaskData.DefaultFolds, result.GetValue(split));
            var modelDirectory = result.GetValue(model)!.FullName;
            using var pretrained = PretrainedModels.Load(modelDirectory, TorchDevice.Choose(logger: CliLogging.Logger));
            var cases = EditCase.FromTraining(taskData.Splits.Train, options.LocalityPerCase, options.Seed);
            var (output, errors) = (result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
            var bar = new ConsoleProgressBar($"train-editor {options.Kind}", errors);
            var (editLoss, success, window) = (0.0, 0.0, 0);
            var progress = new InlineProgress<EditorTrainingProgress>(p =>
            {
                // A running mean over the last 100 edits: one edit's loss says little.
                window = Math.Min(window + 1, 100);
                editLoss += (p.EditLoss - editLoss) / window;
                success += (p.EditSuccess - success) / window;
                bar.Draw(p.Step, p.Steps, $"edit loss {editLoss:F3} success {success:P0} kl {p.LocalityLoss:F4}");
            });
            var info = EditorTraining.Train(BaseModelBuilder.Editable(pretrained), cases, options, result.GetValue(outputDirectory)!.FullName,
                progress, errors.WriteLine, cancellation) with { Model = modelDirectory, Data = taskData.Name };
            TrainedEditor.Describe(result.GetValue(outputDirectory)!.FullName, info);
            output.WriteLine(Table(info));
            return Task.FromResult(0);
        });
        return command;
    }

    public static string Table(TrainedEditorInfo info) => $"""
        | editor | steps | training s | held-out edits | edit loss before→after | edit success before→after | locality KL before→after |
        |---|---|---|---|---|---|---|
        | {info.Kind} | {info.Steps:N0} | {info.TrainingSeconds:F0} | {info.After?.Cases} | {info.Before?.EditLoss:F3}→{info.After?.EditLoss:F3} | {info.Before?.EditSuccess:P0}→{info.After?.EditSuccess:P0} | {info.Before?.LocalityKl:F4}→{info.After?.LocalityKl:F4} |
        """;
}
