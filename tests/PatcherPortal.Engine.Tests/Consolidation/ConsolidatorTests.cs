using PatcherPortal.Engine.Consolidation;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Training;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Consolidation;

public sealed class ConsolidatorTests(TinyPatchedModel patched) : IClassFixture<TinyPatchedModel>
{
    [Fact]
    public void A_consolidation_that_makes_the_base_forget_what_it_knew_is_refused_with_the_metrics_that_fell()
    {
        Assert.NotEmpty(patched.Edits);
        // No replay and a learning rate ten times the base model's own: the base learns the edits and forgets its facts.
        var damaging = new ConsolidationOptions
        {
            ReplayRatio = 0, MinSteps = 150, Training = new TrainingOptions { Epochs = 1, BatchSize = 16, LearningRate = 3e-2, WeightDecay = 0 },
            Tolerances = new ConsolidationTolerances { EditSuccess = 0, Generalization = 0, TrainRetain = 0, TestRetain = 0 },
        };
        var files = Snapshot(patched.BaseDirectory);

        using var result = Consolidator.Run(patched.BaseDirectory, CPU, patched.Request, damaging);

        Assert.False(result.Accepted);
        Assert.True(result.After.TrainR < result.Before.TrainR, $"TrainR {result.Before.TrainR} -> {result.After.TrainR}");
        Assert.Contains(result.Reasons, r => r.StartsWith("TrainR (train subset) would fall from"));
        Assert.Equal(files, Snapshot(patched.BaseDirectory));
    }

    [Fact]
    public void A_consolidation_with_replay_folds_the_edits_in_and_the_saved_base_gives_the_same_answers_with_fewer_patches()
    {
        var options = new ConsolidationOptions
        {
            MinSteps = 120, Training = new TrainingOptions { Epochs = 1, BatchSize = 16, LearningRate = 2e-3, WeightDecay = 0 },
            Tolerances = new ConsolidationTolerances { EditSuccess = 0, Generalization = 1, TrainRetain = 0.05, TestRetain = 0.1 },
        };

        using var result = Consolidator.Run(patched.BaseDirectory, CPU, patched.Request, options);

        Assert.True(result.Accepted, string.Join("; ", result.Reasons));
        Assert.True(result.Count(EditFate.Folded) > 0);
        Assert.True(result.After.Patches < result.Before.Patches, $"patches {result.Before.Patches} -> {result.After.Patches}");
        Assert.Equal(result.Edits.Where(e => e.Fate != EditFate.Folded).Sum(e => e.Patches.Count), result.After.Patches);
        Assert.Equal(1.0, result.Before.ER);
        Assert.Equal(1.0, result.After.ER);

        var saved = Path.Combine(Path.GetTempPath(), "consolidation-tests", Guid.NewGuid().ToString("N")[..12]);
        result.SaveCandidate(saved);
        using var reloaded = PretrainedModels.Load(saved, CPU);
        var model = BaseModelBuilder.Editable(reloaded);
        foreach (var patch in result.Edits.SelectMany(e => e.Patches)) model.Network.LastFeedForward.Patches.Add(new(patch.Id, patch.Key, patch.Bias, patch.Value));
        var answers = model.Predict(patched.Edits.Select(e => e.Input).ToList());
        Assert.All(patched.Edits.Zip(answers), p => Assert.True(model.Matches(p.Second, p.First.Target), $"{p.First.Input} -> {p.Second}"));
        Directory.Delete(saved, recursive: true);
    }

    [Fact]
    public void Limiting_a_consolidation_to_the_last_block_freezes_the_embeddings_and_every_lower_block()
    {
        using var model = PretrainedModels.Load(patched.BaseDirectory, CPU);
        var editable = BaseModelBuilder.Editable(model);

        var frozen = TrainedLayers.FrozenPrefixes(editable, blocks: 1);

        var trained = model.Module.named_parameters().Select(p => p.name).Where(n => !frozen.Any(n.StartsWith)).ToList();
        Assert.Contains("transformer.wte.weight", frozen);
        Assert.Contains("transformer.h.0.", frozen);
        Assert.All(trained, n => Assert.True(n.StartsWith("transformer.h.1.") || n.StartsWith("transformer.ln_f.") || n == "lm_head.weight", n));
        Assert.Contains(trained, n => n.StartsWith("transformer.h.1.mlp."));
        Assert.Empty(TrainedLayers.FrozenPrefixes(editable, blocks: 0));
    }

    private static Dictionary<string, string> Snapshot(string directory) => Directory.GetFiles(directory).ToDictionary(f => Path.GetFileName(f),
        f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))))!;
}
