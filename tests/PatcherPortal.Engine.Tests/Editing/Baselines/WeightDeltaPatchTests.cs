using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Editing.Baselines.HyperNetworks;
using PatcherPortal.Engine.Patching;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Editing.Baselines;

/// <summary>MEND and KE edits kept as weight-delta patches: what the portal serves when a model's editor is one of them.</summary>
public sealed class WeightDeltaPatchTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "weight-delta-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    private static EditableClassifier TrainedWithKe(string directory)
    {
        var model = TinyEditables.Classifier();
        var claims = TinyEditables.Known.SelectMany(f => f.Claims).Select((c, i) => new EditExample($"c{i}", c.Text, c.Label, c.Rephrases, [])).ToList();
        EditorTraining.Train(model, EditCase.FromTraining(claims, 2, seed: 1),
            new EditorTrainingOptions { Kind = "ke", Steps = 100, Hidden = 64, LearningRate = 3e-3, ValidationCases = 10, CheckpointEvery = 100 }, directory);
        return model;
    }

    private static Tensor[] LayerWeights(IEditableModel model) =>
        Engine.Editing.Baselines.LastFeedForwardParameters.Find(model).Select(p => p.Parameter.detach().clone()).ToArray();

    [Fact]
    public void A_fixing_edit_is_one_weight_delta_that_removal_takes_back_to_the_exact_base_weights_and_a_file_keeps()
    {
        using var scope = NewDisposeScope();
        var model = TrainedWithKe(directory);
        using var asPatches = new HyperNetworkEditor(model, TrainedEditor.Load(directory, model, "ke").Network) { AsPatches = true };
        var bank = model.Network.LastFeedForward.Patches;
        var wrong = TinyEditables.Claims(TinyEditables.Unknown).Where(c => !model.Matches(model.Predict([c.Input])[0], c.Target)).Take(8).ToList();
        var baseWeights = LayerWeights(model);
        var answersBefore = model.Predict(wrong.Select(c => c.Input).ToList());

        EditOutcome? fixedOutcome = null;
        LabelledInput? fixedClaim = null;
        foreach (var claim in wrong)
        {
            var outcome = asPatches.Edit(new EditRequest(claim.Input, claim.Target));
            if (outcome.Status == EditStatus.Failed)
            {
                Assert.Empty(outcome.Patches);
                Assert.Equal(0, bank.Count);
                Assert.All(LayerWeights(model).Zip(baseWeights), w => Assert.True(w.First.equal(w.Second).all().item<bool>()));
                continue;
            }
            (fixedOutcome, fixedClaim) = (outcome, claim);
            Assert.Equal(claim.Target, model.Predict([claim.Input])[0]);
            break;
        }
        Assert.True(fixedOutcome is not null && fixedClaim is not null, $"KE fixed none of {wrong.Count} wrong claims");
        var delta = Assert.Single(fixedOutcome.Patches);
        Assert.Equal(PatchKind.WeightDelta, delta.Kind);
        Assert.Equal(0, delta.ParameterCount);
        Assert.Same(delta, Assert.Single(bank.Deltas));
        Assert.Empty(bank.Patches);

        var path = Path.Combine(directory, "edit.safetensors");
        PatchFile.Save(path, [delta, Patch.NeverFiring(model.Network.LastFeedForward.ModelDimension)]);
        var loaded = PatchFile.Load(path, model.Network.LastFeedForward.ModelDimension);
        Assert.Equal([PatchKind.WeightDelta, PatchKind.Neuron], loaded.Select(p => p.Kind));
        Assert.True(loaded[0].Key.equal(delta.Key).all().item<bool>() && loaded[0].Value.equal(delta.Value).all().item<bool>());

        Assert.True(bank.Remove(delta.Id));
        Assert.All(LayerWeights(model).Zip(baseWeights), w => Assert.True(w.First.equal(w.Second).all().item<bool>()));
        Assert.Equal(answersBefore, model.Predict(wrong.Select(c => c.Input).ToList()));

        // Served again from the file (a roll back), beside a neuron: the edit's answer returns.
        bank.AddRange(loaded);
        Assert.Equal(fixedClaim.Target, model.Predict([fixedClaim.Input])[0]);
        bank.Clear();
        Assert.All(LayerWeights(model).Zip(baseWeights), w => Assert.True(w.First.equal(w.Second).all().item<bool>()));
    }

    [Fact]
    public void A_weight_delta_for_a_layer_of_other_sizes_is_refused_naming_both()
    {
        using var scope = NewDisposeScope();
        var model = TinyEditables.Classifier();
        var wrongSize = Patch.WeightDelta(Guid.NewGuid(), zeros(3, 5), zeros(5, 3));
        var refused = Assert.Throws<ArgumentException>(() => model.Network.LastFeedForward.Patches.Add(wrongSize));
        Assert.Contains("(3, 5)", refused.Message);
        Assert.Equal(0, model.Network.LastFeedForward.Patches.Count);
    }
}
