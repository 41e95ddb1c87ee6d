using System.Diagnostics;
using System.Text.Json;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace PatcherPortal.Engine.Training;

/// <summary>
/// Supervised training of a task model on (input, target) pairs with AdamW, linear warm-up and decay, and a seeded
/// data order; a restart point holds the weights and the optimiser's moments, so an interrupted run restarts from its
/// last checkpoint and ends with the same weights (without dropout: the masks drawn after a restart are other ones).
/// </summary>
public static class ModelTrainer
{
    private const string StateFile = "trainer-state.json";

    public static TrainingReport Train(IEditableModel model, IReadOnlyList<LabelledInput> examples,
        TrainingOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (examples.Count == 0) throw new ArgumentException("There is nothing to train on.", nameof(examples));
        var clock = Stopwatch.StartNew();
        var stepsPerEpoch = (examples.Count + options.BatchSize - 1) / options.BatchSize;
        var totalSteps = stepsPerEpoch * options.Epochs;
        var resumed = Resume(model, options);
        manual_seed(options.Seed + resumed);
        var frozen = model.Module.named_parameters().Where(p => options.FrozenPrefixes.Any(f => p.name.StartsWith(f))).Select(p => p.parameter).ToList();
        foreach (var p in frozen) p.requires_grad_(false);
        var parameters = model.Module.UniqueParameters(p => p.requires_grad); // a tied embedding is the head too: one update per step
        using var optimizer = optim.AdamW(parameters, options.LearningRate, weight_decay: options.WeightDecay);
        if (resumed > 0 && File.Exists(RestartOptimizer(options.CheckpointDirectory!, resumed)))
            optimizer.load_state_dict(RestartOptimizer(options.CheckpointDirectory!, resumed));
        var (first, last) = (double.NaN, double.NaN);
        FrozenStageCache? cache = null;
        var (orderEpoch, order) = (-1, Array.Empty<int>());
        try
        {
            cache = resumed < totalSteps ? FrozenStageCache.TryCreate(model, examples, options.FrozenStageCacheBytes, cancellation) : null;
            model.Module.train();
            for (var step = resumed; step < totalSteps; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                var epoch = step / stepsPerEpoch;
                if (epoch != orderEpoch) (orderEpoch, order) = (epoch, Order(examples.Count, options.Seed + epoch));
                var batch = order.Skip(step % stepsPerEpoch * options.BatchSize).Take(options.BatchSize).ToList();
                optimizer.ParamGroups.First().LearningRate = Schedule(options, step, totalSteps);
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var (logits, targets) = cache?.RowLogits(batch) ?? model.RowLogits(batch.Select(i => examples[i]).ToList());
                var loss = F.cross_entropy(logits, targets, label_smoothing: options.LabelSmoothing);
                loss.backward();
                nn.utils.clip_grad_norm_(parameters, 1.0);
                optimizer.step();
                last = loss.item<float>();
                if (double.IsNaN(first)) first = last;
                progress?.Report(new TrainingProgress(step + 1, totalSteps, epoch + 1, last, clock.Elapsed, resumed));
                if (options.CheckpointDirectory is { } dir && (step + 1) % options.CheckpointEverySteps == 0 && step + 1 < totalSteps)
                    SaveRestartPoint(model, optimizer, dir, step + 1);
            }
        }
        finally
        {
            cache?.Dispose();
            model.Module.eval();
            foreach (var p in frozen) p.requires_grad_(true);
        }
        if (options.CheckpointDirectory is { } done && File.Exists(Path.Combine(done, StateFile))) File.Delete(Path.Combine(done, StateFile));
        return new TrainingReport(totalSteps - resumed, resumed, first, last, clock.Elapsed, cache?.Stages ?? 0);
    }

    private static int[] Order(int count, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        return order;
    }

    private static double Schedule(TrainingOptions options, int step, int totalSteps)
    {
        var warmup = Math.Max(1, (int)(options.WarmupFraction * totalSteps));
        return options.LearningRate * (step < warmup ? (step + 1.0) / warmup : Math.Max(0.0, (totalSteps - step) / (double)(totalSteps - warmup)));
    }

    private static int Resume(IEditableModel model, TrainingOptions options)
    {
        if (options.CheckpointDirectory is not { } dir || !File.Exists(Path.Combine(dir, StateFile))) return 0;
        var step = JsonSerializer.Deserialize<int>(File.ReadAllText(Path.Combine(dir, StateFile)));
        var path = RestartWeights(dir, step);
        var weights = WeightFile.Read(path);
        StateDictLoader.Load(model.Module, weights, path, optional: k => k == "lm_head.weight");
        foreach (var tensor in weights.Values) tensor.Dispose();
        return step;
    }

    /// <summary>Each restart point's weights get their own file and the state file, written last, names the step: a
    /// crash between the two leaves the previous restart point whole.</summary>
    private static void SaveRestartPoint(IEditableModel model, OptimizerHelper optimizer, string directory, int step)
    {
        var state = model.Module.state_dict();
        state.Remove("lm_head.weight"); // tied to the embeddings in GPT-2; absent from BERT
        WeightFile.Write(RestartWeights(directory, step), state);
        var moments = RestartOptimizer(directory, step);
        optimizer.save_state_dict(moments + ".partial");
        File.Move(moments + ".partial", moments, overwrite: true);
        AtomicFile.WriteAllText(Path.Combine(directory, StateFile), JsonSerializer.Serialize(step));
        foreach (var older in Directory.GetFiles(directory, "step-*.*").Where(f => f != RestartWeights(directory, step) && f != moments)) File.Delete(older);
    }

    private static string RestartWeights(string directory, int step) => Path.GetFullPath(Path.Combine(directory, $"step-{step:D8}.safetensors"));

    private static string RestartOptimizer(string directory, int step) => Path.GetFullPath(Path.Combine(directory, $"step-{step:D8}.optimizer"));
}
