using System.CommandLine;
using System.Text.Json;
using PatcherPortal.Engine;
using PatcherPortal.Engine.Consolidation;

namespace PatcherPortal.Cli.Commands;

public static class ConsolidateBenchCommand
{
    public static Command Create()
    {
        var task = CommonOptions.Task();
        var data = CommonOptions.Data();
        var seed = CommonOptions.Seed();
        var split = CommonOptions.Split();
        var defaults = new ConsolidationOptions();
        var model = new Option<DirectoryInfo>("--model") { Description = "The base model f0 (a directory written by 'train')", Required = true };
        var edits = new Option<int>("--edits") { Description = "Fixed edits to accumulate before consolidating", DefaultValueFactory = _ => 200 };
        var memory = new Option<int>("--memory") { Description = "Memory size (queries of training examples)", DefaultValueFactory = _ => 40_000 };
        var trainSubset = new Option<int>("--train-subset") { Description = "Size of D_tr for TrainR", DefaultValueFactory = _ => 1000 };
        var epochs = new Option<int>("--epochs") { Description = "Fine-tuning epochs", DefaultValueFactory = _ => defaults.Training.Epochs };
        var learningRate = new Option<double>("--lr") { Description = "Fine-tuning peak learning rate", DefaultValueFactory = _ => defaults.Training.LearningRate };
        var batch = new Option<int>("--batch") { Description = "Fine-tuning batch size", DefaultValueFactory = _ => defaults.Training.BatchSize };
        var repeats = new Option<int>("--edit-repeats") { Description = "Copies of each edit per epoch", DefaultValueFactory = _ => defaults.EditRepeats };
        var replay = new Option<double>("--replay") { Description = "Replayed training examples per edit row", DefaultValueFactory = _ => defaults.ReplayRatio };
        var blocks = new Option<int>("--trained-blocks") { Description = "Fine-tune only the last N blocks (0: all weights)", DefaultValueFactory = _ => defaults.TrainedBlocks };
        var noAnchors = new Option<bool>("--no-anchors") { Description = "Do not keep the patched model's answers to the validation questions" };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads", DefaultValueFactory = _ => 1 };
        var report = new Option<FileInfo>("--report") { Description = "JSON report", DefaultValueFactory = _ => new FileInfo("consolidate-report.json") };
        var command = new Command("consolidate-bench", "Accumulate T-Patcher edits, consolidate them into the base, compare patches and ER/GR/TrainR/TestR before and after")
            { task, data, seed, split, model, edits, memory, trainSubset, epochs, learningRate, batch, repeats, replay, blocks, noAnchors, threads, report };
        command.SetAction((result, cancellation) =>
        {
            TorchSharp.torch.set_num_threads(result.GetValue(threads));
            var taskData = CommonOptions.Load(result.GetValue(task)!, result.GetValue(data)!, result.GetValue(seed), Engine.Datasets.TaskData.DefaultFolds, result.GetValue(split));
            var options = new ConsolidationBenchmarkOptions
            {
                Edits = result.GetValue(edits), TrainSubsetSize = result.GetValue(trainSubset), Anchors = !result.GetValue(noAnchors),
                Consolidation = defaults with
                {
                    Training = defaults.Training with { Epochs = result.GetValue(epochs), LearningRate = result.GetValue(learningRate), BatchSize = result.GetValue(batch) },
                    EditRepeats = result.GetValue(repeats), ReplayRatio = result.GetValue(replay), TrainedBlocks = result.GetValue(blocks),
                    Patcher = defaults.Patcher with { MemorySize = result.GetValue(memory) },
                },
            };
            var editBar = new ConsoleProgressBar("T-Patcher edits");
            ConsoleProgressBar? phaseBar = null;
            var phase = "";
            var outcome = ConsolidationBenchmark.Run(taskData, result.GetValue(model)!.FullName, options, TorchDevice.Choose(logger: CliLogging.Logger),
                new InlineProgress<(int Done, int Total)>(p => editBar.Draw(p.Done, p.Total, "fixed")),
                new InlineProgress<ConsolidationProgress>(p =>
                {
                    if (p.Phase != phase) (phase, phaseBar) = (p.Phase, new ConsoleProgressBar(p.Phase));
                    phaseBar!.Draw((long)(p.Fraction * 1000), 1000, p.Detail);
                }),
                s => Console.Error.WriteLine(s), cancellation);
            File.WriteAllText(result.GetValue(report)!.FullName, JsonSerializer.Serialize(outcome, new JsonSerializerOptions
                { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
            Console.WriteLine(outcome.ToMarkdown());
            return Task.FromResult(0);
        });
        return command;
    }
}
