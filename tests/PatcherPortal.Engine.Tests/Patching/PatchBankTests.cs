using PatcherPortal.Engine.Models;
using PatcherPortal.Engine.Models.Gpt2;
using PatcherPortal.Engine.Patching;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Patching;

public sealed class PatchBankTests
{
    [Fact]
    public void A_patch_adds_its_value_where_its_key_fires_and_removing_it_restores_the_exact_outputs()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (model, ids, mask, before, target) = ModelAndRowThree();
        var patch = new Patch(Guid.NewGuid(), target / target.dot(target), tensor(0f), 5 * randn(32));
        model.LastFeedForward.Patches.Add(patch);
        var patched = model.call(ids, mask);
        Assert.False(patched[0, 3].allclose(before[0, 3], rtol: 0, atol: 1e-3));

        Assert.True(model.LastFeedForward.Patches.Remove(patch.Id));
        Assert.True(model.call(ids, mask).equal(before).all().item<bool>());
    }

    [Fact]
    public void A_patch_leaves_inputs_just_outside_its_firing_region_exactly_as_they_were()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (model, ids, mask, before, target) = ModelAndRowThree();
        // Pre-activation -0.75 at row 3: where GELU is lowest (-0.17), so a plain GELU neuron would add -0.17·v there.
        model.LastFeedForward.Patches.Add(new Patch(Guid.NewGuid(), target / target.dot(target), tensor(-1.75f), 5 * randn(32)));

        Assert.True(model.call(ids, mask)[0, 3].equal(before[0, 3]).all().item<bool>());
    }

    /// <summary>A random tiny GPT-2, an input, its outputs and the last feed-forward layer's query at position 3.</summary>
    private static (Gpt2LMHeadModel Model, Tensor Ids, Tensor Mask, Tensor Before, Tensor Query) ModelAndRowThree()
    {
        var model = TinyModels.RandomGpt2();
        var ids = TinyModels.RandomIds(1, 6, TinyModels.Gpt2.VocabSize);
        var mask = ones_like(ids);
        var (_, q) = model.ForwardToLastFeedForward(ids, mask);
        return (model, ids, mask, model.call(ids, mask), q[0, 3]);
    }

    [Fact]
    public void A_batch_holding_an_applied_patch_is_refused_whole_and_the_outputs_stay_as_they_were()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = TinyModels.RandomGpt2();
        var ids = TinyModels.RandomIds(1, 6, TinyModels.Gpt2.VocabSize);
        var applied = new Patch(Guid.NewGuid(), randn(32), tensor(0f), randn(32));
        model.LastFeedForward.Patches.Add(applied);
        var before = model.call(ids, ones_like(ids));

        Assert.Throws<InvalidOperationException>(() =>
            model.LastFeedForward.Patches.AddRange([new Patch(Guid.NewGuid(), randn(32), tensor(1f), randn(32)), applied]));

        Assert.Equal([applied.Id], model.LastFeedForward.Patches.Patches.Select(p => p.Id));
        Assert.True(model.call(ids, ones_like(ids)).equal(before).all().item<bool>());
    }

    [Fact]
    public void A_patch_with_a_zero_value_changes_nothing()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = TinyModels.RandomBertClassifier();
        var ids = TinyModels.RandomIds(2, 6, TinyModels.Bert.VocabSize);
        var before = model.call(ids, ones_like(ids));
        model.LastFeedForward.Patches.Add(new Patch(Guid.NewGuid(), randn(32), tensor(1f), zeros(32)));
        Assert.True(model.call(ids, ones_like(ids)).allclose(before, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Among_many_patches_only_those_that_fire_on_a_batch_add_their_values_and_each_adds_exactly_one_neuron()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var bank = new PatchBank(Activation.Gelu, CPU);
        var q = randn(4, 32);                                                        // (N, d)
        var firing = Enumerable.Range(0, 2).Select(i => new Patch(Guid.NewGuid(), q[i] / q[i].dot(q[i]), tensor(0f), randn(32))).ToList();
        var silent = Enumerable.Range(0, 50).Select(_ => Patch.NeverFiring(32)).ToList();
        bank.AddRange([.. silent.Take(25), .. firing, .. silent.Skip(25)]);
        var output = randn(4, 32);

        var expected = output.clone();
        foreach (var p in firing) expected += Activation.Gelu.ApplyToPatch(q.matmul(p.Key) + p.Bias).unsqueeze(1) * p.Value;
        Assert.True(bank.AddTo(q, output).allclose(expected, rtol: 1e-5, atol: 1e-5));

        var quiet = randn(4, 32) * 1e-3;
        foreach (var p in firing) bank.Remove(p.Id);
        Assert.True(bank.AddTo(quiet, output).equal(output).all().item<bool>());
    }

    [Fact]
    public void Changing_a_few_patches_in_a_large_bank_answers_exactly_like_a_bank_built_afresh_with_the_same_patches()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var q = randn(6, 32);
        Patch Firing(int row) => new(Guid.NewGuid(), q[row] / q[row].dot(q[row]), tensor(0f), randn(32));
        var patches = Enumerable.Range(0, 300).Select(i => i % 50 == 0 ? Firing(i % 6) : Patch.NeverFiring(32)).ToList();
        var changed = new PatchBank(Activation.Gelu, CPU);
        changed.AddRange(patches.Select(Copy));
        var (gone, added) = (new[] { patches[0].Id, patches[7].Id, patches[150].Id }, new[] { Firing(1), Patch.NeverFiring(32), Firing(4) });

        changed.Change(gone, added.Select(Copy).ToList());

        var afresh = new PatchBank(Activation.Gelu, CPU);
        afresh.AddRange([.. patches.Where(p => !gone.Contains(p.Id)).Select(Copy), .. added.Select(Copy)]);
        Assert.Equal(afresh.Patches.Select(p => p.Id), changed.Patches.Select(p => p.Id));
        Assert.True(changed.PreActivations(q).equal(afresh.PreActivations(q)).all().item<bool>());
        var output = randn(6, 32);
        Assert.True(changed.AddTo(q, output).equal(afresh.AddTo(q, output)).all().item<bool>());
        Assert.Throws<InvalidOperationException>(() => changed.Change([], [Copy(added[0])]));
        Assert.Equal(afresh.Patches.Select(p => p.Id), changed.Patches.Select(p => p.Id));
    }

    private static Patch Copy(Patch p) => new(p.Id, p.Key, p.Bias, p.Value);

    [Fact]
    public void Each_patch_adds_one_neuron_worth_of_parameters_and_ids_are_unique()
    {
        using var scope = NewDisposeScope();
        var bank = TinyModels.RandomGpt2().LastFeedForward.Patches;
        var id = Guid.NewGuid();
        bank.Add(new Patch(id, randn(32), tensor(0f), randn(32)));
        bank.Add(new Patch(Guid.NewGuid(), randn(32), tensor(0f), randn(32)));
        Assert.Equal(2 * (2 * 32 + 1), bank.ParameterCount);
        Assert.Throws<InvalidOperationException>(() => bank.Add(new Patch(id, randn(32), tensor(0f), randn(32))));
        Assert.Throws<ArgumentException>(() => new Patch(Guid.NewGuid(), randn(32), tensor(0f), randn(16)));
    }
}
