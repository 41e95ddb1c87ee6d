using System.CommandLine;
using System.Text.Json;
using PatcherPortal.Engine;
using PatcherPortal.Engine.Benchmarks;
using PatcherPortal.Engine.Benchmarks.Charts;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Editing.Baselines;

namespace PatcherPortal.Cli.Commands;

public static class BenchCommand
{
    public static Command Create()
    {
        var task = CommonOptions.Task();
        var data = CommonOptions.Data();
        var seed = CommonOptions.Seed();
        var split = CommonOptions.Split();
        var model = new Option<DirectoryInfo>("--model") { Description = "The base model f0 (a directory written by 'train')", Required = true };
        var editors = new Option<string>("--editors") { Description = "Comma-separated: tpatcher, ft-last, ft-all, ft-last-kl, ft-all-kl, sera, mend, ke (mend and ke need --mend / --ke)", DefaultValueFactory = _ => "tpatcher" };
        var preset = new Option<string>("--preset")
        {
            Description = "T-Patcher as this project's editor (default, tuned by the options below), as the paper publishes it (paper: only --memory, --max-steps and --max-patches apply), or both side by side (default,paper)",
            DefaultValueFactory = _ => "default",
            Validators =
            {
                r =>
                {
                    var unknown = Presets(r.GetValueOrDefault<string>() ?? "").Where(p => !Enum.TryParse<PatcherPreset>(p, ignoreCase: true, out _)).ToList();
                    if (unknown.Count > 0) r.AddError($"Unknown preset '{string.Join("', '", unknown)}'. Valid presets: default, paper (or both: default,paper).");
                },
            },
        };
        var folds = new Option<int?>("--folds") { Description = "How many edit folds to run (default: all)" };
        var memory = new Option<int>("--memory") { Description = "Memory size (queries of training examples)", DefaultValueFactory = _ => 40_000 };
        var memoryLocality = new Option<bool>("--memory-locality") { Description = "The memory also holds the training examples' locality inputs with their answers (more queries from a file with one paraphrase per row)" };
        var single = new Option<bool>("--single-stream") { Description = "Also run the whole edit set as one stream (the paper's table 2)" };
        var trainSubset = new Option<int>("--train-subset") { Description = "Size of D_tr for TrainR", DefaultValueFactory = _ => 1000 };
        var ftRate = new Option<double>("--ft-lr") { Description = "Learning rate of the FT baselines (paper, for BART-base: 1e-5)", DefaultValueFactory = _ => new FineTuneOptions().LearningRate };
        var ftSteps = new Option<int>("--ft-max-steps") { Description = "Step cap per FT edit", DefaultValueFactory = _ => new FineTuneOptions().MaxSteps };
        var klBatch = new Option<int>("--kl-batch") { Description = "Memory examples in the KL term of the +KL baselines", DefaultValueFactory = _ => new FineTuneOptions().KlBatchSize };
        var mend = new Option<DirectoryInfo?>("--mend") { Description = "A MEND editor trained for this model ('patcher train-editor --kind mend')" };
        var ke = new Option<DirectoryInfo?>("--ke") { Description = "A KE editor trained for this model ('patcher train-editor --kind ke')" };
        var patcher = new PatcherFlags();
        var patchLayer = new Option<int?>("--patch-layer") { Description = "The feed-forward layer T-Patcher patches: 0 is the first block, -1 the last, -2 the one below (figure 6's ablation; default: the last)" };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (T-Patcher's small tensors run fastest on 1)", DefaultValueFactory = _ => 1 };
        var checkpoint = new Option<DirectoryInfo?>("--checkpoint") { Description = "Save progress in this directory and resume from it when started again with the same arguments (T-Patcher streams resume mid-stream; other editors' streams restart)" };
        var checkpointEvery = new Option<int>("--checkpoint-every")
        {
            Description = "Edits between two saves of a stream in progress", DefaultValueFactory = _ => new BenchmarkOptions().CheckpointEvery,
            Validators = { r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--checkpoint-every must be at least 1."); } },
        };
        var report = new Option<FileInfo>("--report") { Description = "JSON report with every figure and the per-edit series; the series are also drawn beside it as an SVG chart (same name, .svg)", DefaultValueFactory = _ => new FileInfo("bench-report.json") };
        var command = new Command("bench", "Sequential model editing benchmark (paper section 5.1): SR, GR, ER, TrainR, TestR and the neighbourhood retain NR per editor")
            { task, data, seed, split, model, editors, preset, folds, memory, memoryLocality, single, trainSubset, ftRate, ftSteps, klBatch, mend, ke, patchLayer, threads, checkpoint, checkpointEvery, report };
        foreach (var option in patcher.Options) command.Options.Add(option);
        command.Validators.Add(r =>
        {
            if (r.GetValue(patchLayer) is not null && r.GetValue<int>("--hard-negatives") > 0)
                r.AddError("--hard-negatives chooses inputs by nearness at the last layer: leave it at 0 with --patch-layer.");
        });
        command.SetAction((result, cancellation) =>
        {
            TorchSharp.torch.set_num_threads(result.GetValue(threads));
            var taskData = CommonOptions.Load(result.GetValue(task)!, result.GetValue(data)!, result.GetValue(seed), TaskDataFolds(result.GetValue(folds)), result.GetValue(split));
            var options = new BenchmarkOptions
            {
                Editors = WithPresets(result.GetValue(editors)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    result.GetValue(preset)!),
                Folds = result.GetValue(folds), SingleStream = result.GetValue(single), MemorySize = result.GetValue(memory), MemoryIncludesLocality = result.GetValue(memoryLocality),
                TrainSubsetSize = result.GetValue(trainSubset), PatchLayer = result.GetValue(patchLayer),
                TrainedEditors = new[] { ("mend", result.GetValue(mend)), ("ke", result.GetValue(ke)) }
                    .Where(e => e.Item2 is not null).ToDictionary(e => e.Item1, e => e.Item2!.FullName),
                FineTune = new FineTuneOptions { LearningRate = result.GetValue(ftRate), MaxSteps = result.GetValue(ftSteps), KlBatchSize = result.GetValue(klBatch) },
                Patcher = patcher.Read(result, new PatcherOptions { MemorySize = result.GetValue(memory) }),
                Checkpoint = result.GetValue(checkpoint)?.FullName, CheckpointEvery = result.GetValue(checkpointEvery),
            };
            (string Label, ConsoleProgressBar Bar)? bar = null;
            var progress = new InlineProgress<BenchmarkProgress>(p =>
            {
                var label = $"{p.Editor} {p.Stream}";
                if (bar?.Label != label) bar = (label, new ConsoleProgressBar(label));
                bar.Value.Bar.Draw(p.Position, p.StreamLength, $"edits {p.Edits} last {p.LastEditSeconds:F2}s");
            });
            // Written after every stream too, so a long run interrupted keeps what it measured.
            void Write(BenchmarkReport written)
            {
                var path = result.GetValue(report)!.FullName;
                AtomicFile.WriteAllText(path, JsonSerializer.Serialize(written,
                    new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
                AtomicFile.WriteAllText(Path.ChangeExtension(path, ".svg"), BenchmarkChart.Svg(written));
            }
            var outcome = SequentialEditingBenchmark.Run(taskData, result.GetValue(model)!.FullName, options,
                TorchDevice.Choose(logger: CliLogging.Logger), progress, s => Console.Error.WriteLine(s), cancellation, Write);
            Write(outcome);
            Console.WriteLine(outcome.ToMarkdown());
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>Each "tpatcher" becomes one T-Patcher per preset asked for.</summary>
    private static string[] WithPresets(IEnumerable<string> editors, string presets)
    {
        var names = Presets(presets).Select(p => Enum.Parse<PatcherPreset>(p, ignoreCase: true))
            .Select(p => p == PatcherPreset.Paper ? "tpatcher-paper" : "tpatcher").Distinct().ToList();
        return editors.SelectMany(e => e.Equals("tpatcher", StringComparison.OrdinalIgnoreCase) ? names : [e]).ToArray();
    }

    private static string[] Presets(string presets) => presets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The split always makes the default number of folds so fold k is the same examples whatever --folds runs.</summary>
    private static int TaskDataFolds(int? requested) => Math.Max(Engine.Datasets.TaskData.DefaultFolds, requested ?? 0);
}
