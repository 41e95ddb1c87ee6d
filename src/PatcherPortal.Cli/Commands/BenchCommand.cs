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
        var valueScale = new Option<double>("--value-scale") { Description = "Initial patch value scale a (paper: 5; authors' code: 10)", DefaultValueFactory = _ => new PatcherOptions().ValueScale };
        var learnableScale = new Option<bool>("--learnable-scale") { Description = "Make the value scale a learnable vector (authors' code)" };
        var keyInit = new Option<KeyInitialization>("--key-init") { Description = "Paper (q/|q|^2) or Centered", DefaultValueFactory = _ => new PatcherOptions().KeyInit };
        var maxPatches = new Option<int>("--max-patches") { Description = "Most patches per generation edit, one per wrong answer token (appendix A: 5)", DefaultValueFactory = _ => new PatcherOptions().MaxPatchesPerEdit };
        var maxSteps = new Option<int>("--max-steps") { Description = "Step cap per edit", DefaultValueFactory = _ => new PatcherOptions().MaxSteps };
        var dropout = new Option<double>("--query-dropout") { Description = "Dropout on the repeated edit queries", DefaultValueFactory = _ => new PatcherOptions().QueryDropout };
        var margin = new Option<double?>("--key-margin") { Description = "Centered key init: how far below the edit's pre-activation the typical memory query starts (default: derived per patch from paraphrase moves, see --paraphrase-quantile)" };
        var quantile = new Option<double>("--paraphrase-quantile") { Description = "Without --key-margin: each key starts as steep as keeps this share of nearby paraphrase moves firing", DefaultValueFactory = _ => new PatcherOptions().ParaphraseQuantile };
        var contrastive = new Option<int>("--contrastive") { Description = "Most inputs one content word away from an edit's that its patches must stay silent on (0: memory only, the paper)", DefaultValueFactory = _ => new PatcherOptions().ContrastiveNegatives };
        var hardNegatives = new Option<int>("--hard-negatives") { Description = "Most known inputs nearest an edit at the patched layer, with another expected answer, that its patches must stay silent on (0: off)", DefaultValueFactory = _ => new PatcherOptions().HardNegatives };
        var templateNeighbours = new Option<int>("--template-neighbours") { Description = "Most swaps of one template word in an edit's input to keep silent on where the model answers them differently (0: off)", DefaultValueFactory = _ => new PatcherOptions().TemplateNeighbours };
        var valueInit = new Option<ValueInitialization>("--value-init") { Description = "Paper (v' ~ U[0,1)) or Gradient", DefaultValueFactory = _ => new PatcherOptions().ValueInit };
        var untied = new Option<bool>("--untied") { Description = "Do not tie generation patches to their own answer position" };
        var minActivation = new Option<double>("--min-edit-activation") { Description = "Train until each patch's pre-activation on its edit exceeds this (paper: 0)", DefaultValueFactory = _ => new PatcherOptions().MinEditActivation };
        var stopWhenClean = new Option<bool>("--stop-when-clean") { Description = "Stop once the clean edit is corrected (paper), not its noisy copies too" };
        var shiftScale = new Option<double>("--shift-scale") { Description = "Move noisy copies along paraphrase shifts read from training data (0: dropout only, as the paper)", DefaultValueFactory = _ => new PatcherOptions().ShiftScale };
        var ftRate = new Option<double>("--ft-lr") { Description = "Learning rate of the FT baselines (paper, for BART-base: 1e-5)", DefaultValueFactory = _ => new FineTuneOptions().LearningRate };
        var ftSteps = new Option<int>("--ft-max-steps") { Description = "Step cap per FT edit", DefaultValueFactory = _ => new FineTuneOptions().MaxSteps };
        var klBatch = new Option<int>("--kl-batch") { Description = "Memory examples in the KL term of the +KL baselines", DefaultValueFactory = _ => new FineTuneOptions().KlBatchSize };
        var mend = new Option<DirectoryInfo?>("--mend") { Description = "A MEND editor trained for this model ('patcher train-editor --kind mend')" };
        var ke = new Option<DirectoryInfo?>("--ke") { Description = "A KE editor trained for this model ('patcher train-editor --kind ke')" };
        var memoryWeight = new Option<double>("--memory-weight") { Description = "Weight m of the memory loss (0: the paper's ablation without it; use with --contrastive 0)", DefaultValueFactory = _ => new PatcherOptions().MemoryWeight };
        var noMargin = new Option<bool>("--no-memory-margin") { Description = "Leave out the memory loss's second term l_m2 (the paper's ablation)" };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (T-Patcher's small tensors run fastest on 1)", DefaultValueFactory = _ => 1 };
        var report = new Option<FileInfo>("--report") { Description = "JSON report with every figure and the per-edit series; the series are also drawn beside it as an SVG chart (same name, .svg)", DefaultValueFactory = _ => new FileInfo("bench-report.json") };
        var command = new Command("bench", "Sequential model editing benchmark (paper section 5.1): SR, GR, ER, TrainR, TestR and the neighbourhood retain NR per editor")
            { task, data, seed, split, model, editors, preset, folds, memory, memoryLocality, single, trainSubset, valueScale, learnableScale, keyInit, maxPatches, maxSteps, dropout, margin, quantile, contrastive, hardNegatives, templateNeighbours, valueInit, untied, minActivation, stopWhenClean, shiftScale, ftRate, ftSteps, klBatch, mend, ke, memoryWeight, noMargin, threads, report };
        command.SetAction((result, cancellation) =>
        {
            TorchSharp.torch.set_num_threads(result.GetValue(threads));
            var taskData = CommonOptions.Load(result.GetValue(task)!, result.GetValue(data)!, result.GetValue(seed), TaskDataFolds(result.GetValue(folds)), result.GetValue(split));
            var options = new BenchmarkOptions
            {
                Editors = WithPresets(result.GetValue(editors)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    result.GetValue(preset)!),
                Folds = result.GetValue(folds), SingleStream = result.GetValue(single), MemorySize = result.GetValue(memory), MemoryIncludesLocality = result.GetValue(memoryLocality),
                TrainSubsetSize = result.GetValue(trainSubset),
                TrainedEditors = new[] { ("mend", result.GetValue(mend)), ("ke", result.GetValue(ke)) }
                    .Where(e => e.Item2 is not null).ToDictionary(e => e.Item1, e => e.Item2!.FullName),
                FineTune = new FineTuneOptions { LearningRate = result.GetValue(ftRate), MaxSteps = result.GetValue(ftSteps), KlBatchSize = result.GetValue(klBatch) },
                Patcher = new PatcherOptions
                {
                    ValueScale = result.GetValue(valueScale), LearnableValueScale = result.GetValue(learnableScale),
                    KeyInit = result.GetValue(keyInit), MaxPatchesPerEdit = result.GetValue(maxPatches), MaxSteps = result.GetValue(maxSteps), MemorySize = result.GetValue(memory),
                    QueryDropout = result.GetValue(dropout), CenteredKeyMargin = result.GetValue(margin),
                    ParaphraseQuantile = result.GetValue(quantile), ContrastiveNegatives = result.GetValue(contrastive), HardNegatives = result.GetValue(hardNegatives), TemplateNeighbours = result.GetValue(templateNeighbours), ValueInit = result.GetValue(valueInit), TiePatchesToPositions = !result.GetValue(untied),
                    MinEditActivation = result.GetValue(minActivation), StopWhenRobust = !result.GetValue(stopWhenClean), ShiftScale = result.GetValue(shiftScale),
                    MemoryWeight = result.GetValue(memoryWeight), MemoryMarginWeight = result.GetValue(noMargin) ? 0 : 1,
                },
            };
            (string Label, ConsoleProgressBar Bar)? bar = null;
            var progress = new SynchronousProgress<BenchmarkProgress>(p =>
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
