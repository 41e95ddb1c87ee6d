using System.Diagnostics;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Editing.Baselines;
using PatcherPortal.Engine.Editing.Neighbours;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Training;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Benchmarks;

/// <summary>Runs every editor over every edit fold (and optionally the whole edit set as one stream), each from a fresh f0.</summary>
public static class SequentialEditingBenchmark
{
    public const string SingleStreamName = "single stream";

    public static BenchmarkReport Run(TaskData data, string modelDirectory, BenchmarkOptions options, Device device,
        IProgress<BenchmarkProgress>? progress = null, Action<string>? status = null, CancellationToken cancellation = default,
        Action<BenchmarkReport>? afterEachStream = null)
    {
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        status?.Invoke("Measuring the initial model f0 and building the query memory");
        using var f0 = PretrainedModels.Load(modelDirectory, device);
        var f0Editable = BaseModelBuilder.Editable(f0);
        // D_tr and the memory are disjoint parts of the train split (appendix B); a small split is shared half and half.
        var trainSubsetSize = Math.Min(options.TrainSubsetSize, data.Splits.Train.Count / 2);
        var streams = data.Splits.EditFolds.Take(options.Folds ?? data.Splits.EditFolds.Count)
            .Select((fold, i) => ($"fold {i + 1}", fold)).ToList();
        if (options.SingleStream) streams.Add((SingleStreamName, data.Splits.Edit));
        var edits = streams.SelectMany(s => s.Item2).ToList();
        status?.Invoke("Finding each edit's neighbours and f0's answers on them");
        var baseline = Baseline.Measure(f0Editable, data.TrainSubset(trainSubsetSize), data.Splits.Test) with
            { Neighbours = Neighbourhood.Measure(f0Editable, NeighbourSets.For(data, edits, f0Editable)) };
        var memoryExamples = data.Splits.Train.Skip(trainSubsetSize).ToList();
        var memoryPairs = memoryExamples
            .SelectMany(e => new[] { e.Input }.Concat(e.Paraphrases).Select(i => new LabelledInput(i, e.Target))
                .Concat(options.MemoryIncludesLocality ? e.Locality : [])).ToList();
        var resources = new EditorResources(memoryPairs, options.Patcher with { MemorySize = options.MemorySize })
            { Paraphrased = memoryExamples, FineTune = options.FineTune, TrainedEditors = options.TrainedEditors, PatchLayer = options.PatchLayer };
        using var prepared = resources.PatcherSetup.Prepare(f0Editable);
        var memory = prepared.MemoryQueries;
        status?.Invoke($"Memory: {memory.shape[0]:N0} queries from {memoryPairs.Count:N0} training inputs outside D_tr; {prepared.Shifts.shape[0]:N0} paraphrase shifts");

        using var known = options.Patcher.HardNegatives > 0 ? KnownInputs(f0Editable, data, memoryExamples) : null;
        var runs = new List<EditorRunResult>();
        foreach (var name in options.Editors)
            foreach (var (stream, examples) in streams)
            {
                using var model = PretrainedModels.Load(modelDirectory, device);
                var editable = BaseModelBuilder.Editable(model);
                // The neighbours scored on this stream are never among the hard negatives: the editor must hold them unseen.
                using var hardNegatives = known?.Without(NeighbourInputs(baseline.Neighbours!, examples));
                using var editor = EditorFactory.Create(name, editable, resources with { Prepared = prepared, HardNegatives = hardNegatives });
                status?.Invoke($"{editor.Name}: {stream} ({examples.Count} examples)");
                runs.Add(SequentialEditingRun.Run(editor, stream, examples, baseline, options, progress, cancellation));
                afterEachStream?.Invoke(Report());
            }
        return Report();

        BenchmarkReport Report() => new(data.Task, data.Name, modelDirectory, started, clock.Elapsed, options, device.type.ToString(),
            Environment.ProcessorCount, runs.ToList(), memory.shape[0]);
    }

    /// <summary>What a deployment would know with expected answers: the memory's training inputs and paraphrases and the
    /// training examples' own locality probes.</summary>
    private static HardNegatives KnownInputs(IEditableModel f0, TaskData data, IReadOnlyList<EditExample> memoryExamples) =>
        HardNegatives.Build(f0, memoryExamples.SelectMany(e => e.Paraphrases.Prepend(e.Input).Select(i => new LabelledInput(i, e.Target)))
            .Concat(data.Splits.Train.SelectMany(e => e.Locality)));

    private static HashSet<string> NeighbourInputs(Neighbourhood neighbours, IReadOnlyList<EditExample> stream) =>
        stream.SelectMany(e => neighbours.ByExample.GetValueOrDefault(e.Id) ?? []).ToHashSet(StringComparer.Ordinal);
}
