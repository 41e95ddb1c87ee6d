using System.Reflection;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Training;

namespace PatcherPortal.Web.Tests.Support;

/// <summary>
/// The tiny base models, trained once per engine build and copied into each test portal's data directory, so a
/// portal starts in seconds instead of training them again.
/// </summary>
public static class TinyModelCache
{
    /// <summary>Tiny models gain nothing from more threads, and on a shared machine libtorch's spinning threads make them
    /// train dozens of times slower.</summary>
    public const int TorchThreads = 1;

    private static readonly Lazy<string> Root = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Directory(string task) => Path.Combine(Root.Value, task);

    public static void CopyTo(string dataDirectory)
    {
        foreach (var task in new[] { "qa", "fc" })
            Copy(Directory(task), Path.Combine(dataDirectory, "models", task, "base"));
    }

    private static string Build()
    {
        var version = typeof(TinyBaseModels).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];
        var root = Path.Combine(Path.GetTempPath(), "patcher-portal-tiny-models", version);
        if (System.IO.Directory.Exists(root)) return root;
        var building = root + $".{Environment.ProcessId}";
        TorchSharp.torch.set_num_threads(TorchThreads);
        var known = TinyBaseModels.Facts().Take(40).ToList();
        using (IPretrainedModel qa = TinyBaseModels.QuestionAnswerer(TinyBaseModels.Questions(known))) qa.Save(Path.Combine(building, "qa"));
        using (IPretrainedModel fc = TinyBaseModels.FactChecker(TinyBaseModels.Claims(known))) fc.Save(Path.Combine(building, "fc"));
        try { System.IO.Directory.Move(building, root); }
        catch (IOException) when (System.IO.Directory.Exists(root)) { System.IO.Directory.Delete(building, recursive: true); }
        return root;
    }

    private static void Copy(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }
}
