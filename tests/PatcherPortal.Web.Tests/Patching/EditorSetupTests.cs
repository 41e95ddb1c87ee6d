using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Editing.Baselines;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Engine.Training;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Tests.Support;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Tests.Patching;

/// <summary>The portal's patch jobs and the benchmark assemble Transformer-Patcher the same way: same memory,
/// paraphrase shifts, contrastive pool and options, so an edit gets the same patch from either.</summary>
public sealed class EditorSetupTests
{
    private static readonly EvaluationData Evaluation = EvaluationData.For("qa", ModelProfile.Tiny, new EvaluationOptions());
    private static readonly PatcherOptions Options = new();

    [Fact]
    public void The_portals_workbench_and_the_benchmarks_factory_give_an_edit_the_same_patch_and_shifts_matter_to_it()
    {
        set_num_threads(TinyModelCache.TorchThreads);
        var request = new EditRequest(Facts.Question, Facts.Answer, [Facts.Paraphrase]);
        Assert.NotEmpty(Evaluation.Paraphrased);

        var portal = PortalPatch(request);
        var benchmark = FactoryPatch(request, new EditorResources(Evaluation.Memory, Options) { Paraphrased = Evaluation.Paraphrased });
        var withoutShifts = FactoryPatch(request, new EditorResources(Evaluation.Memory, Options));

        Assert.NotNull(benchmark);
        Assert.True(portal.Key.allclose(benchmark.Key) && portal.Value.allclose(benchmark.Value) && portal.Bias.allclose(benchmark.Bias));
        // Without the shifts the edit comes out otherwise: another patch, or no fix at all.
        Assert.False(withoutShifts is not null && portal.Key.allclose(withoutShifts.Key));
    }

    private static Patch PortalPatch(EditRequest request)
    {
        using var bench = new EditWorkbench(TinyModelCache.Directory("qa"), CPU, Evaluation.PatcherSetup(Options), [], Evaluation);
        Patch? kept = null;
        var (outcome, _) = bench.Edit(request, [], [], [], patches => kept = Copy(patches[0]), new Progress<EditProgress>(), CancellationToken.None);
        Assert.Equal(EditStatus.Fixed, outcome.Status);
        return kept!;
    }

    /// <summary>The edit's first patch, or null when the edit did not fix it.</summary>
    private static Patch? FactoryPatch(EditRequest request, EditorResources resources)
    {
        using var model = PretrainedModels.Load(TinyModelCache.Directory("qa"), CPU);
        using var editor = EditorFactory.Create("tpatcher", BaseModelBuilder.Editable(model), resources);
        var outcome = editor.Edit(request);
        return outcome.Status == EditStatus.Fixed ? Copy(outcome.Patches[0]) : null;
    }

    private static Patch Copy(Patch patch) => new(patch.Id, patch.Key, patch.Bias, patch.Value);
}
