using System.Diagnostics;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Editing.Baselines;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Training;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Benchmarks;

/// <summary>Runs every editor over every edit fold (and optionally the whole edit set as one stream), each from a fresh f0.</summary>
public static class SequentialEditingBenchmark
{
    public const string SingleStreamName = "single stream";

    public static BenchmarkReport Run(TaskData data, string modelDirectory, BenchmarkOptions options, Device device,
        IProgress<BenchmarkProgress>? progress = null, Action<string>? status = null, CancellationToken cancellation = default)
    {
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        status?.Invoke("Measuring the initial model f0 and building the query memory");
        using var f0 = PretrainedModels.Load(modelDirectory, device);
        var f0Editable = BaseModelBuilder.Editable(f0);
        // D_tr and the memory are disjoint parts of the train split (appendix B); a small split is shared half and half.
        var trainSubsetSize = Math.Min(options.TrainSubsetSize, data.Splits.Train.Count / 2);
        var baseline = Baseline.Measure(f0Editable, data.TrainSubset(trainSubsetSize), data.Splits.Test);
        var memoryExamples = data.Splits.Train.Skip(trainSubsetSize).ToList();
        var memoryPairs = memoryExamples
            .SelectMany(e => new[] { e.Input }.Concat(e.Rephrases).Select(i => (i, e.Answer))).ToList();
        var resources = new EditorResources(memoryPairs, options.Patcher with { MemorySize = options.MemorySize })
            { Paraphrased = memoryExamples, FineTune = options.FineTune };
        using var prepared = resources.PatcherSetup.Prepare(f0Editable);
        var memory = prepared.MemoryQueries;
        status?.Invoke($"Memory: {memory.shape[0]:N0} queries from {memoryPairs.Count:N0} training inputs outside D_tr; {prepared.Shifts.shape[0]:N0} paraphrase shifts");

        var streams = data.Splits.EditFolds.Take(options.Folds ?? data.Splits.EditFolds.Count)
            .Select((fold, i) => ($"fold {i + 1}", fold)).ToList();
        if (options.SingleStream) streams.Add((SingleStreamName, data.Splits.Edit));
        var runs = new List<EditorRunResult>();
        foreach (var name in options.Editors)
            foreach (var (stream, examples) in streams)
            {
                using var model = PretrainedModels.Load(modelDirectory, device);
                var editable = BaseModelBuilder.Editable(model);
                using var editor = EditorFactory.Create(name, editable, resources with { Prepared = prepared });
                status?.Invoke($"{editor.Name}: {stream} ({examples.Count} examples)");
                runs.Add(SequentialEditingRun.Run(editor, stream, examples, baseline, options, progress, cancellation));
            }
        return new BenchmarkReport(data.Task, data.Name, modelDirectory, started, clock.Elapsed, options, device.type.ToString(),
            Environment.ProcessorCount, runs, memory.shape[0]);
    }
}
