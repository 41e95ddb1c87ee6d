using System.Diagnostics;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Editing.Baselines;
using PatcherPortal.Engine.Editing.Neighbours;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Patching;
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
        var checkpoint = options.Checkpoint is null ? null : new BenchmarkCheckpoint(options.Checkpoint);
        checkpoint?.Claim(BenchmarkCheckpoint.Fingerprint(new
        {
            data.Task, data.Name, Splits = new[] { data.Splits.Train.Count, data.Splits.Val.Count, data.Splits.Edit.Count, data.Splits.Test.Count },
            Model = Path.GetFullPath(modelDirectory), Options = options with { Checkpoint = null, CheckpointEvery = 0 },
        }));
        var runs = new List<EditorRunResult>();
        foreach (var name in options.Editors)
            foreach (var (stream, examples) in streams)
            {
                using var model = PretrainedModels.Load(modelDirectory, device);
                var editable = BaseModelBuilder.Editable(model);
                var key = $"{name} {stream}";
                if (checkpoint?.Finished(key) is { } finished)
                {
                    status?.Invoke($"{finished.Editor}: {stream} finished before, taken from {options.Checkpoint}");
                    runs.Add(finished);
                    continue;
                }
                var saved = checkpoint?.InProgress(key, examples.Count, editable.Network.LastFeedForward.ModelDimension);
                // The neighbours scored on this stream are never among the hard negatives: the editor must hold them unseen.
                using var hardNegatives = known?.Without(NeighbourInputs(baseline.Neighbours!, examples));
                using var editor = EditorFactory.Create(name, editable, resources with { Prepared = prepared, HardNegatives = hardNegatives });
                var resumed = saved is not null && Resume(editor, saved, examples) ? saved.Progress : null;
                saved?.Memory.Dispose();
                status?.Invoke(resumed is null ? $"{editor.Name}: {stream} ({examples.Count} examples)"
                    : $"{editor.Name}: {stream} resumed at example {resumed.NextPosition + 1} of {examples.Count} ({resumed.Edited.Count} edits made before)");
                Action<StreamProgress>? save = checkpoint is null || editor is not TransformerPatcher patcher ? null : p =>
                {
                    using var gained = patcher.Memory.Rows[(int)memory.shape[0]..];
                    p.MemoryRows = (int)gained.shape[0];
                    p.RandomState = Convert.ToBase64String(patcher.RandomState);
                    checkpoint.SaveProgress(key, p, patcher.Patches.Patches, gained);
                };
                var run = SequentialEditingRun.Run(editor, stream, examples, baseline, options, progress, cancellation, resumed, save);
                checkpoint?.SaveFinished(key, run);
                runs.Add(run);
                afterEachStream?.Invoke(Report());
            }
        return Report();

        BenchmarkReport Report() => new(data.Task, data.Name, modelDirectory, started, clock.Elapsed, options, device.type.ToString(),
            Environment.ProcessorCount, runs.ToList(), memory.shape[0]);
    }

    /// <summary>Gives a T-Patcher what a stopped run's editor held: its patches, the rows its memory gained, its
    /// contrastive inputs and random state. Other editors change weights the checkpoint does not keep: their stream starts over.</summary>
    private static bool Resume(IModelEditor editor, BenchmarkCheckpoint.SavedStream saved, IReadOnlyList<EditExample> stream)
    {
        if (editor is not TransformerPatcher patcher) return false;
        patcher.Patches.AddRange(saved.Patches);
        patcher.Memory.Append(saved.Memory);
        foreach (var edit in saved.Progress.Fixed.Select(i => stream[i]))
        {
            patcher.Contrastive?.Add(edit.Input);
            if (patcher.HardNegatives is { } hard)
            {
                using var rows = patcher.Model.Locate([edit.Input], edit.Target);
                hard.Add(edit.Input, edit.Target, rows.Query[0]);
            }
        }
        if (saved.Progress.RandomState is { } state) patcher.RandomState = Convert.FromBase64String(state);
        return true;
    }

    /// <summary>What a deployment would know with expected answers: the memory's training inputs and paraphrases and the
    /// training examples' own locality probes.</summary>
    private static HardNegatives KnownInputs(IEditableModel f0, TaskData data, IReadOnlyList<EditExample> memoryExamples) =>
        HardNegatives.Build(f0, memoryExamples.SelectMany(e => e.Paraphrases.Prepend(e.Input).Select(i => new LabelledInput(i, e.Target)))
            .Concat(data.Splits.Train.SelectMany(e => e.Locality)));

    private static HashSet<string> NeighbourInputs(Neighbourhood neighbours, IReadOnlyList<EditExample> stream) =>
        stream.SelectMany(e => neighbours.ByExample.GetValueOrDefault(e.Id) ?? []).ToHashSet(StringComparer.Ordinal);
}
