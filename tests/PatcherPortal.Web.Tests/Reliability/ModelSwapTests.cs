using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Engine.Training;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Tests.Support;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Tests.Reliability;

/// <summary>A new version replaces the served patches in one step: a reader gets the old model or the new one.</summary>
public sealed class ModelSwapTests : IDisposable
{
    private readonly string patchFile = Path.Combine(Path.GetTempPath(), $"patcher-swap-{Guid.NewGuid():N}.safetensors");

    [Fact]
    public async Task Readers_during_version_swaps_see_the_old_or_the_new_version_never_a_mix()
    {
        set_num_threads(TinyModelCache.TorchThreads);
        SaveTheEditOfTheFact();
        using var served = new TaskModel(BuiltInModels.Find("qa")!.Define(), CPU);
        served.Load(PretrainedModels.Load(TinyModelCache.Directory("qa"), CPU));
        served.Publish(1, []);
        var unpatched = served.Predict(Facts.Question).Output;

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var seen = new List<Prediction>();
            while (!stop.IsCancellationRequested) seen.Add(served.Predict(Facts.Question));
            return seen;
        })).ToList();
        for (var version = 2; !stop.IsCancellationRequested; version++)
        {
            served.Publish(version, version % 2 == 0 ? PatchFile.Load(patchFile, served.Dimension) : []);
            Thread.Sleep(5);
        }
        var seen = (await Task.WhenAll(readers)).SelectMany(s => s).ToList();

        Assert.Contains(seen, p => p.Version % 2 == 0);
        Assert.Contains(seen, p => p.Version % 2 == 1 && p.Version > 1);
        Assert.All(seen, p => Assert.Equal(p.Version % 2 == 0 ? (Facts.Answer, true) : (unpatched, false), (p.Output, p.FiredPatches.Count > 0)));
    }

    private void SaveTheEditOfTheFact()
    {
        using var model = PretrainedModels.Load(TinyModelCache.Directory("qa"), CPU);
        var editable = BaseModelBuilder.Editable(model);
        var setup = EvaluationData.For("qa", ModelProfile.Tiny, new EvaluationOptions()).PatcherSetup(new PatcherOptions());
        using var scope = NewDisposeScope();
        using var editor = setup.Build(editable);
        var outcome = editor.Edit(new EditRequest(Facts.Question, Facts.Answer, [Facts.Paraphrase]));
        Assert.Equal(EditStatus.Fixed, outcome.Status);
        PatchFile.Save(patchFile, outcome.Patches);
    }

    public void Dispose() => File.Delete(patchFile);
}
