using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Engine.Tokenization;
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Whether_a_WordPiece_model_answers_case_insensitively_is_read_from_its_tokenizer_config(bool lowerCase)
    {
        set_num_threads(TinyModelCache.TorchThreads);
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "patcher-casing-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        try
        {
            foreach (var file in Directory.GetFiles(TinyModelCache.Directory("fc"))) File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
            TokenizerConfig.Write(directory, new() { ["tokenizer_class"] = "BertTokenizer", ["do_lower_case"] = lowerCase });
            using var model = new TaskModel(BuiltInModels.Find("fc")!.Define(), CPU);

            model.Load(PretrainedModels.Load(directory, CPU));

            Assert.Equal(lowerCase, model.CaseInsensitive);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_byte_level_BPE_model_keeps_the_case_it_reads()
    {
        set_num_threads(TinyModelCache.TorchThreads);
        using var model = new TaskModel(BuiltInModels.Find("qa")!.Define(), CPU);

        model.Load(PretrainedModels.Load(TinyModelCache.Directory("qa"), CPU));

        Assert.False(model.CaseInsensitive);
    }

    private static Patch NewPatch(long dimension) => new(Guid.NewGuid(), randn(dimension), zeros(1), randn(dimension));
}
