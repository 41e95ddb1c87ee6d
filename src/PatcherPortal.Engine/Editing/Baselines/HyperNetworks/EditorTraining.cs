using System.Diagnostics;
using PatcherPortal.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.Baselines.HyperNetworks;

/// <summary>
/// Trains a MEND or KE editor for one model on counterfactual edits (see <see cref="EditCase.FromTraining"/>), saving a
/// checkpoint every <see cref="EditorTrainingOptions.CheckpointEvery"/> steps in the output directory and resuming from
/// it when restarted; the finished editor is written there as <c>editor.json</c> and <c>editor.safetensors</c>.
/// </summary>
public static class EditorTraining
{
    public static TrainedEditorInfo Train(IEditableModel model, IReadOnlyList<EditCase> cases, EditorTrainingOptions options, string outputDirectory,
        IProgress<EditorTrainingProgress>? progress = null, Action<string>? status = null, CancellationToken cancellation = default)
    {
        var validationCount = Math.Min(options.ValidationCases, cases.Count / 5);
        var (validation, training) = (cases.Take(validationCount).ToList(), cases.Skip(validationCount).ToList());
        if (training.Count == 0) throw new ArgumentException("No training edits: the data's train split is empty.", nameof(cases));
        var weights = new FeedForwardWeights(model);
        manual_seed(options.Seed);
        using var network = TrainedEditor.Create(options.Kind, weights.ModelDimension, weights.Width, options.Hidden);
        network.to(model.Module.Device());
        var losses = new EditLosses(model, weights, network);
        var frozen = model.Module.parameters().Where(p => p.requires_grad).ToList();
        frozen.ForEach(p => p.requires_grad_(false));
        try
        {
            var resumed = TrainedEditor.ResumeCheckpoint(outputDirectory, network);
            var info = resumed ?? new TrainedEditorInfo(options.Kind, weights.ModelDimension, weights.Width, options.Hidden, 0)
                { TrainingCases = training.Count, Before = Validate(losses, network, validation) };
            status?.Invoke(resumed is null ? $"Training {options.Kind} on {training.Count:N0} edits ({validation.Count} held out)"
                : $"Resuming {options.Kind} at step {resumed.Steps:N0} of {options.Steps:N0}");
            var clock = Stopwatch.StartNew();
            var earlier = info.TrainingSeconds;
            using var optimizer = optim.Adam(network.parameters(), options.LearningRate);
            var step = info.Steps;
            for (; step < options.Steps; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                network.train();
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var edit = training[Order(training.Count, step, options.Seed)];
                var result = losses.For(edit, observe: true);
                var loss = options.EditWeight * result.EditLoss + options.LocalityWeight * result.LocalityKl;
                loss.backward();
                nn.utils.clip_grad_norm_(network.parameters(), options.GradientClip);
                optimizer.step();
                progress?.Report(new EditorTrainingProgress(step + 1, options.Steps, loss.item<float>(), result.EditLoss.item<float>(),
                    result.LocalityKl.item<float>(), result.EditSuccess));
                if ((step + 1) % options.CheckpointEvery == 0 && step + 1 < options.Steps)
                    TrainedEditor.SaveCheckpoint(outputDirectory, network, info with { Steps = step + 1, TrainingSeconds = earlier + clock.Elapsed.TotalSeconds });
            }
            var finished = info with { Steps = step, TrainingSeconds = earlier + clock.Elapsed.TotalSeconds, After = Validate(losses, network, validation) };
            TrainedEditor.Save(outputDirectory, network, finished);
            foreach (var name in new[] { TrainedEditor.CheckpointInfoFile, TrainedEditor.CheckpointWeightsFile })
                File.Delete(Path.Combine(outputDirectory, name));
            return finished;
        }
        finally
        {
            frozen.ForEach(p => p.requires_grad_(true));
        }
    }

    /// <summary>Each pass over the edits in its own seeded order, so a resumed run sees the same sequence.</summary>
    private static int Order(int count, int step, int seed)
    {
        var pass = step / count;
        var order = Enumerable.Range(0, count).ToArray();
        new Random(unchecked(seed * 1_000_003 + pass)).Shuffle(order); // not HashCode: it is salted per process
        return order[step % count];
    }

    public static EditorValidation? Validate(EditLosses losses, EditorNetwork network, IReadOnlyList<EditCase> cases)
    {
        if (cases.Count == 0) return null;
        network.eval();
        var (edit, success, kl) = (0.0, 0.0, 0.0);
        foreach (var c in cases)
        {
            using var scope = NewDisposeScope();
            var result = losses.For(c, observe: false);
            (edit, success, kl) = (edit + result.EditLoss.item<float>(), success + result.EditSuccess, kl + result.LocalityKl.item<float>());
        }
        return new EditorValidation(edit / cases.Count, success / cases.Count, kl / cases.Count, cases.Count);
    }
}
