using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Tests.Support;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Tests.Hosting;

/// <summary>The serving model as several publishers see it: the local version change and the version watcher.</summary>
public sealed class TaskModelTests
{
    [Fact]
    public void A_slower_publisher_never_takes_the_served_version_backwards()
    {
        set_num_threads(TinyModelCache.TorchThreads);
        using var model = new TaskModel(BuiltInModels.Find("fc")!.Define(), CPU);
        model.Load(PretrainedModels.Load(TinyModelCache.Directory("fc"), CPU));
        var dimension = model.Dimension;

        model.Publish(3, [NewPatch(dimension), NewPatch(dimension)]);
        model.Publish(2, [NewPatch(dimension)]);

        Assert.Equal((3, 2), (model.Version, model.PatchCount));
        model.Publish(4, [NewPatch(dimension)]);
        Assert.Equal((4, 1), (model.Version, model.PatchCount));
    }

    private static Patch NewPatch(long dimension) => new(Guid.NewGuid(), randn(dimension), zeros(1), randn(dimension));
}
