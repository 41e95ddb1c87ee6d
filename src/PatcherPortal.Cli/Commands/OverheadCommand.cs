using System.CommandLine;
using PatcherPortal.Engine;
using PatcherPortal.Engine.Benchmarks;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Training;

namespace PatcherPortal.Cli.Commands;

public static class OverheadCommand
{
    public static Command Create()
    {
        var task = CommonOptions.Task();
        var model = new Option<DirectoryInfo>("--model") { Description = "The base model directory", Required = true };
        var patches = new Option<int>("--patches") { Description = "Number of patches", DefaultValueFactory = _ => 1000 };
        var inputs = new Option<int>("--inputs") { Description = "Test-set inputs predicted per round", DefaultValueFactory = _ => 128 };
        var batchSize = new Option<int>("--batch-size") { Description = "Inputs per prediction call (1: one request at a time)", DefaultValueFactory = _ => 128 };
        var roundCount = new Option<int>("--rounds") { Description = "Paired rounds (base, then patched)", DefaultValueFactory = _ => 7 };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads", DefaultValueFactory = _ => 1 };
        var command = new Command("bench-overhead", "Prediction time of the base model vs the same model with N patches") { task, model, patches, inputs, batchSize, roundCount, threads };
        command.SetAction(result =>
        {
            TorchSharp.torch.set_num_threads(result.GetValue(threads));
            using var pretrained = PretrainedModels.Load(result.GetValue(model)!.FullName, TorchDevice.Choose(logger: CliLogging.Logger));
            var data = CommonOptions.Load(result.GetValue(task)!, "default", Engine.Datasets.TaskData.DefaultSeed, Engine.Datasets.TaskData.DefaultFolds);
            var texts = data.Splits.Test.Take(result.GetValue(inputs)).Select(e => e.Input).ToList();
            var rounds = result.GetValue(roundCount);
            var bar = new ConsoleProgressBar("paired rounds");
            var report = InferenceOverheadBenchmark.Run(BaseModelBuilder.Editable(pretrained), texts, result.GetValue(patches), rounds, result.GetValue(batchSize),
                new SynchronousProgress<int>(done => bar.Draw(done, rounds, "", force: true)));
            Console.WriteLine($"| patches | inputs | batch | rounds | base s (median) | patched s (median) | overhead (median of paired rounds) | overhead (fastest rounds) | overhead (CPU time, median of paired rounds) |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
            Console.WriteLine($"| {report.Patches} | {report.Inputs} | {report.BatchSize} | {report.Rounds} | {report.BaseSecondsMedian:F3} | {report.PatchedSecondsMedian:F3} | {report.OverheadPercent:F1} % | {report.FastestOverheadPercent:F1} % | {report.CpuOverheadPercent:F1} % |");
        });
        return command;
    }
}
