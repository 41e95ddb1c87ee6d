using Microsoft.Extensions.Options;
using PatcherPortal.Engine;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Training;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Models;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Hosting;

/// <summary>
/// Builds a built-in model's base directory when absent: the tiny models in seconds, the default ones in minutes
/// (training restarts from its last checkpoint after an interruption). The directory appears only once complete.
/// </summary>
public sealed class BaseModelProvisioner(IOptions<PortalOptions> options, PortalPaths paths)
{
    /// <summary>Where the model is built: its base directory, so registering it checks it in place.</summary>
    public string Directory(BuiltInModel model) => paths.BaseModel(model.Name);

    public bool Exists(BuiltInModel model) => File.Exists(Path.Combine(Directory(model), "config.json"));

    /// <summary>Models already built first, then the quicker build (the fact checker has no 30,522-token head to
    /// train), so one model answers while the other is still training.</summary>
    public IEnumerable<BuiltInModel> InBuildOrder(IEnumerable<BuiltInModel> models) =>
        models.OrderByDescending(Exists).ThenBy(m => m.Kind == ModelKind.Generation);

    public void Build(BuiltInModel model, Device device, Action<string, double?> report, CancellationToken cancellation)
    {
        var target = Directory(model);
        var building = target + ".building";
        if (System.IO.Directory.Exists(building)) System.IO.Directory.Delete(building, recursive: true);
        if (options.Value.ModelProfile == ModelProfile.Tiny) BuildTiny(model, building, report);
        else BuildDefault(model, building, device, report, cancellation);
        System.IO.Directory.Move(building, target);
    }

    private static void BuildTiny(BuiltInModel model, string directory, Action<string, double?> report)
    {
        report("Training the tiny model", null);
        var known = TinyBaseModels.Facts().Take(40).ToList();
        using var built = model.Kind == ModelKind.Generation
            ? (Engine.Inference.IPretrainedModel)TinyBaseModels.QuestionAnswerer(TinyBaseModels.Questions(known))
            : TinyBaseModels.FactChecker(TinyBaseModels.Claims(known));
        built.Save(directory);
    }

    private static void BuildDefault(BuiltInModel model, string directory, Device device, Action<string, double?> report, CancellationToken cancellation)
    {
        report("Preparing the training data", 0);
        var progress = new InlineProgress<TrainingProgress>(p =>
            report($"Training step {p.Step:N0} of {p.TotalSteps:N0} (epoch {p.Epoch}, loss {p.Loss:F3})", p.Step / (double)p.TotalSteps));
        BaseModelBuilder.Build(TaskData.Default(model.Task), directory, new BaseModelOptions { MeasureAccuracy = false }, device, progress, cancellation);
    }
}
