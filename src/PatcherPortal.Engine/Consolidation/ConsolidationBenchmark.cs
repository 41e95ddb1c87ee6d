using System.Diagnostics;
using PatcherPortal.Engine.Benchmarks;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Training;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Consolidation;

public sealed record ConsolidationBenchmarkOptions
{
    /// <summary>Fixed edits to accumulate (walking the whole edit set as one stream) before consolidating.</summary>
    public int Edits { get; init; } = 200;
    public int TrainSubsetSize { get; init; } = 1000;
    /// <summary>Use the validation split's questions (never labelled) as anchors, standing in for production traffic.</summary>
    public bool Anchors { get; init; } = true;
    public ConsolidationOptions Consolidation { get; init; } = new();
}

/// <summary>
/// Patches accumulate, then a consolidation folds them in: T-Patcher fixes the base model's mistakes along the edit set
/// until enough edits are made (no paraphrases given; their rephrasings measure GR), then <see cref="Consolidator"/>
/// runs with the validation split's questions as anchors, the whole train split as the replay pool (the base was trained on it; D_tr may be among the replayed
/// examples, so TestR is the unbiased locality figure) and the train split outside D_tr as the memory.
/// </summary>
public static class ConsolidationBenchmark
{
    public static ConsolidationBenchmarkReport Run(TaskData data, string modelDirectory, ConsolidationBenchmarkOptions options, Device device,
        IProgress<(int Done, int Total)>? editing = null, IProgress<ConsolidationProgress>? consolidating = null, Action<string>? status = null,
        CancellationToken cancellation = default)
    {
        var started = DateTime.UtcNow;
        var subsetSize = Math.Min(options.TrainSubsetSize, data.Splits.Train.Count / 2);
        var trainSubset = Baseline.Pairs(data.TrainSubset(subsetSize));
        var memoryExamples = data.Splits.Train.Skip(subsetSize).ToList();
        var outside = memoryExamples.SelectMany(e => new[] { e.Input }.Concat(e.Paraphrases).Select(i => new LabelledInput(i, e.Target))).ToList();
        var patcher = options.Consolidation.Patcher;

        status?.Invoke($"Editing the base model with T-Patcher until {options.Edits} edits are fixed");
        using var pretrained = PretrainedModels.Load(modelDirectory, device);
        var model = BaseModelBuilder.Editable(pretrained);
        var clock = Stopwatch.StartNew();
        using var editor = new PatcherSetup(patcher, outside) { Paraphrased = memoryExamples }.Build(model);
        var (edits, attempted) = (new List<ConsolidationEdit>(), 0);
        foreach (var example in data.Splits.Edit)
        {
            if (edits.Count >= options.Edits) break;
            cancellation.ThrowIfCancellationRequested();
            if (model.Matches(model.Predict([example.Input])[0], example.Target)) continue;
            attempted++;
            var outcome = editor.Edit(new EditRequest(example.Input, example.Target, Id: example.Id), cancellation: cancellation);
            if (outcome.Status == EditStatus.Fixed)
                edits.Add(new ConsolidationEdit(example.Id, example.Input, example.Target, [], outcome.Patches, example.Paraphrases));
            editing?.Report((edits.Count, options.Edits));
        }
        var editingTime = clock.Elapsed;

        status?.Invoke($"Consolidating {edits.Count} edits ({edits.Sum(e => e.Patches.Count)} patches)");
        var request = new ConsolidationRequest(edits, data.TrainingPairs(), trainSubset, Baseline.Pairs(data.Splits.Test), outside)
        {
            Paraphrased = memoryExamples,
            Anchors = options.Anchors ? data.Splits.Val.SelectMany(e => new[] { e.Input }.Concat(e.Paraphrases)).ToList() : [],
        };
        using var result = Consolidator.Run(modelDirectory, device, request, options.Consolidation, consolidating, cancellation);
        return new ConsolidationBenchmarkReport(data.Task, data.Name, modelDirectory, started, device.type.ToString(), Environment.ProcessorCount,
            get_num_threads(), attempted, edits.Count, editingTime, result.Before, result.After, result.FineTunedBase, result.Count(EditFate.Folded),
            result.Count(EditFate.Kept), result.Count(EditFate.Retrained), result.Count(EditFate.Unfixed), result.Accepted, result.Reasons,
            result.Training, result.Duration, options);
    }
}
