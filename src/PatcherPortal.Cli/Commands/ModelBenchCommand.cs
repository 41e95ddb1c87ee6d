using System.CommandLine;
using PatcherPortal.Engine.Benchmarks;
using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Cli.Commands;

public static class ModelBenchCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = "A published config.json (Llama family) whose exact sizes to build", Required = true };
        var directory = new Option<DirectoryInfo>("--directory") { Description = "Where the random-initialised model is written (reused when it exists)", Required = true };
        var shard = new Option<long>("--shard-mb") { Description = "Largest shard in MiB", DefaultValueFactory = _ => 256 };
        var memory = new Option<int[]>("--memory") { Description = "Memory sizes to time one edit with", DefaultValueFactory = _ => [1000, 10000], AllowMultipleArgumentsPerToken = true };
        var patches = new Option<int>("--patches") { Description = "Never-firing patches for the inference overhead", DefaultValueFactory = _ => 1000 };
        var rounds = new Option<int>("--rounds") { Description = "Paired rounds of the overhead (base and patched, in alternating order)", DefaultValueFactory = _ => 20 };
        var overheadQuestions = new Option<int>("--overhead-questions") { Description = "Questions asked one at a time in each half of an overhead round", DefaultValueFactory = _ => 4 };
        var parts = new Option<string[]>("--parts") { Description = $"What to measure after loading: {string.Join(", ", ModelCostBenchmark.Parts)} (default: all)", AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads", DefaultValueFactory = _ => 1 };
        var command = new Command("bench-model", "Load time, peak memory, predict latency, edit time and patch overhead of a random model with a real checkpoint's configuration, saved as sharded bf16")
            { config, directory, shard, memory, patches, rounds, overheadQuestions, parts, threads };
        command.SetAction(result =>
        {
            TorchSharp.torch.set_num_threads(result.GetValue(threads));
            var target = result.GetValue(directory)!.FullName;
            var questions = CommonOptions.Load("qa", "default", TaskData.DefaultSeed, TaskData.DefaultFolds).TrainingPairs();
            if (!File.Exists(Path.Combine(target, "config.json")))
            {
                Console.WriteLine($"writing a random model with {result.GetValue(config)!.Name}'s configuration to {target}");
                ModelCostBenchmark.Create(result.GetValue(config)!.FullName, target, questions.SelectMany(p => new[] { p.Input, " " + p.Target }).ToList(),
                    result.GetValue(shard) * 1024 * 1024);
            }
            ModelCostBenchmark.Run(target, questions, result.GetValue(memory)!, result.GetValue(patches), result.GetValue(rounds), Console.WriteLine, result.GetValue(parts),
                result.GetValue(overheadQuestions));
        });
        return command;
    }
}
