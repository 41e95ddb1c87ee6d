using System.Diagnostics;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Engine.Training;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Consolidation;

/// <summary>
/// Folds accumulated patches back into the base (paper section 5.2): fine-tunes a copy of the base on the live edits
/// mixed with replayed training data, keeps (or re-trains against the new base) the patches of edits it does not
/// answer by itself, and judges the result against the patched model. The base directory is only read.
/// </summary>
public static class Consolidator
{
    public static ConsolidationResult Run(string baseDirectory, Device device, ConsolidationRequest request, ConsolidationOptions options,
        IProgress<ConsolidationProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (request.Edits.Count == 0) throw new ArgumentException("There are no live edits to consolidate.", nameof(request));
        var clock = Stopwatch.StartNew();
        void Report(string phase, double fraction, string detail = "") => progress?.Report(new ConsolidationProgress(phase, fraction, detail));

        Report("Measuring the patched model", 0);
        var (baseline, before, anchors) = MeasurePatched(baseDirectory, device, request);
        cancellation.ThrowIfCancellationRequested();

        var candidate = PretrainedModels.Load(baseDirectory, device);
        try
        {
            var model = BaseModelBuilder.Editable(candidate);
            var examples = TrainingSet(request, anchors, options);
            Report("Fine-tuning the base on the edits", 0.05, $"{examples.Count:N0} examples per epoch");
            var training = ModelTrainer.Train(model, examples, TrainingFor(model, examples.Count, options),
                new InlineProgress<TrainingProgress>(p => Report("Fine-tuning the base on the edits", 0.05 + 0.75 * p.Step / p.TotalSteps,
                    $"step {p.Step} of {p.TotalSteps}, loss {p.Loss:F3}")), cancellation);

            Report("Measuring the fine-tuned base alone", 0.8);
            var fineTuned = ConsolidationMetrics.Measure(model, request, baseline, 0, candidate.ParameterCount);
            Report("Checking which edits the new base answers", 0.85);
            var edits = PatchRemainingEdits(model, request, options.Patcher, (done, total) =>
                Report("Re-training the patches the new base needs", 0.85 + 0.1 * done / Math.Max(1, total), $"{done} of {total}"), cancellation);

            Report("Measuring the candidate", 0.95);
            var bank = model.Network.LastFeedForward.Patches;
            var after = ConsolidationMetrics.Measure(model, request, baseline, bank.Count, candidate.ParameterCount);
            var reasons = ConsolidationMetrics.Shortfalls(before, after, options.Tolerances).ToList();
            if (edits.All(e => e.Fate != EditFate.Folded))
                reasons.Add("The fine-tuned base answers none of the edits by itself, so no patch would be folded in.");
            Report(reasons.Count == 0 ? "Accepted" : "Refused", 1, string.Join("; ", reasons));
            return new ConsolidationResult(candidate, before, after, edits, reasons, training, clock.Elapsed) { FineTunedBase = fineTuned };
        }
        catch
        {
            candidate.Dispose();
            throw;
        }
    }

    /// <summary>The round's base without patches (the denominators of TrainR and TestR), then with every live patch, and
    /// the patched model's answers to the anchors.</summary>
    private static (RetainBaseline, ConsolidationMetrics, IReadOnlyList<LabelledInput>) MeasurePatched(string baseDirectory, Device device, ConsolidationRequest request)
    {
        using var reference = PretrainedModels.Load(baseDirectory, device);
        var patched = BaseModelBuilder.Editable(reference);
        var baseline = new RetainBaseline(ConsolidationMetrics.Correct(patched, request.TrainSubset), ConsolidationMetrics.Correct(patched, request.Test));
        var bank = patched.Network.LastFeedForward.Patches;
        bank.AddRange(request.Edits.SelectMany(e => e.Patches).Select(Copy));
        try
        {
            var anchors = request.Anchors.Count == 0 ? [] : request.Anchors.Zip(patched.Predict(request.Anchors), (input, answer) => new LabelledInput(input, answer))
                .Where(a => !string.IsNullOrWhiteSpace(a.Target)).ToList();
            return (baseline, ConsolidationMetrics.Measure(patched, request, baseline, bank.Count, reference.ParameterCount), anchors);
        }
        finally
        {
            bank.Clear();
        }
    }

    private static TrainingOptions TrainingFor(IEditableModel model, int examples, ConsolidationOptions options)
    {
        var stepsPerEpoch = (examples + options.Training.BatchSize - 1) / options.Training.BatchSize;
        var epochs = Math.Max(options.Training.Epochs, (options.MinSteps + stepsPerEpoch - 1) / stepsPerEpoch);
        return options.Training with
        {
            Epochs = epochs, CheckpointDirectory = null,
            FrozenPrefixes = [.. options.Training.FrozenPrefixes, .. TrainedLayers.FrozenPrefixes(model, options.TrainedBlocks)],
        };
    }

    /// <summary>Each edit row <see cref="ConsolidationOptions.EditRepeats"/> times, a seeded sample of replayed training
    /// data, and the answered anchors once.</summary>
    public static IReadOnlyList<LabelledInput> TrainingSet(ConsolidationRequest request,
        IReadOnlyList<LabelledInput> anchors, ConsolidationOptions options)
    {
        var edits = request.Edits.SelectMany(e => e.Inputs.Select(i => new LabelledInput(i, e.Target))).ToList();
        var rows = Enumerable.Repeat(edits, Math.Max(1, options.EditRepeats)).SelectMany(r => r).ToList();
        var replay = request.Replay.ToArray();
        new Random(options.Training.Seed).Shuffle(replay);
        var count = options.ReplayRatio <= 0 ? 0 : Math.Max(options.MinReplay, (int)Math.Round(rows.Count * options.ReplayRatio));
        return [.. rows, .. replay.Take(Math.Min(replay.Length, count)), .. anchors];
    }

    /// <summary>
    /// Edits the new base answers are folded in. The others get their old patches back when those still fix them and
    /// stay silent on the training data's queries, which moved with the fine-tuned layers; otherwise new patches are
    /// trained against the new base, with the training data and every other edit in the memory.
    /// </summary>
    private static List<EditConsolidation> PatchRemainingEdits(IEditableModel model, ConsolidationRequest request, PatcherOptions patcher,
        Action<int, int> progress, CancellationToken cancellation)
    {
        using var scope = NewDisposeScope();
        var bank = model.Network.LastFeedForward.Patches;
        var folded = request.Edits.Select(e => Answers(model, e)).ToArray();
        using var prepared = request.PatcherSetup(patcher).Prepare(model);
        var memory = prepared.MemoryQueries;
        bank.AddRange(request.Edits.Where((_, i) => !folded[i]).SelectMany(e => e.Patches).Select(Copy));
        var fates = request.Edits.Select((e, i) => folded[i] ? EditFate.Folded
            : Answers(model, e) && e.Patches.All(p => Silent(p, memory)) ? EditFate.Kept : EditFate.Retrained).ToArray();
        var result = request.Edits.Select((e, i) => new EditConsolidation(e.Id, fates[i],
            fates[i] == EditFate.Kept ? bank.Patches.Where(p => e.Patches.Any(o => o.Id == p.Id)).ToList() : [])).ToList();
        var retrain = Enumerable.Range(0, fates.Length).Where(i => fates[i] == EditFate.Retrained).ToList();
        if (retrain.Count == 0) return result;

        foreach (var i in retrain)
            foreach (var patch in request.Edits[i].Patches) bank.Remove(patch.Id);
        var others = request.Edits.Where((_, i) => fates[i] != EditFate.Retrained).SelectMany(e => e.Inputs.Select(input => new LabelledInput(input, e.Target))).ToList();
        using var editor = prepared.Create(model, pastEdits: others);
        foreach (var (i, done) in retrain.Select((i, n) => (i, n)))
        {
            progress(done, retrain.Count);
            var edit = request.Edits[i];
            var outcome = editor.Edit(new EditRequest(edit.Input, edit.Target, edit.Paraphrases, edit.Id), cancellation: cancellation);
            result[i] = outcome.Status switch
            {
                EditStatus.Fixed => result[i] with { Patches = outcome.Patches },
                EditStatus.AlreadyCorrect => result[i] with { Fate = EditFate.Folded }, // its old patches were what broke it
                _ => result[i] with { Fate = EditFate.Unfixed },
            };
        }
        progress(retrain.Count, retrain.Count);
        return result;
    }

    /// <summary>The patch's pre-activation stays below zero on every memory query (T-Patcher trains it far below).</summary>
    private static bool Silent(Patch patch, Tensor memory)
    {
        using var scope = NewDisposeScope();
        return (memory.matmul(patch.Key.to(memory.device)) + patch.Bias.to(memory.device)).max().item<float>() < 0;
    }

    private static bool Answers(IEditableModel model, ConsolidationEdit edit) =>
        model.Predict(edit.Inputs).All(p => model.Matches(p, edit.Target));

    private static Patch Copy(Patch patch) => new(patch.Id, patch.Key, patch.Bias, patch.Value);
}
