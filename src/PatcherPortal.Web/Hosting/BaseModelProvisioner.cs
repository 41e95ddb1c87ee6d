using Microsoft.Extensions.Options;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Training;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Models;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Hosting;

/// <summary>
/// Builds a task's base model when its directory is absent: the tiny models in seconds, the default ones in minutes
/// (training restarts from its last checkpoint after an interruption). The directory appears only once complete.
/// </summary>
public sealed class BaseModelProvisioner(IOptions<PortalOptions> options, PortalPaths paths)
{
    public bool Exists(ModelTask task) => File.Exists(Path.Combine(paths.BaseModel(task), "config.json"));

    /// <summary>Models already built first, then the quicker build (the fact checker has no 30,522-token head to
    /// train), so one model answers while the other is still training.</summary>
    public IEnumerable<ModelTask> InBuildOrder(IEnumerable<ModelTask> tasks) =>
        tasks.OrderByDescending(Exists).ThenBy(t => t == ModelTask.QuestionAnswering);

    public void Build(ModelTask task, Device device, Action<string, double?> report, CancellationToken cancellation)
    {
        var target = paths.BaseModel(task);
        var building = target + ".building";
        if (Directory.Exists(building)) Directory.Delete(building, recursive: true);
        if (options.Value.ModelProfile == ModelProfile.Tiny) BuildTiny(task, building, report);
        else BuildDefault(task, building, device, report, cancellation);
        Directory.Move(building, target);
    }

    private static void BuildTiny(ModelTask task, string directory, Action<string, double?> report)
    {
        report("Training the tiny model", null);
        var known = TinyBaseModels.Facts().Take(40).ToList();
        using var model = task == ModelTask.QuestionAnswering
            ? (Engine.Inference.IPretrainedModel)TinyBaseModels.QuestionAnswerer(TinyBaseModels.Questions(known))
            : TinyBaseModels.FactChecker(TinyBaseModels.Claims(known));
        model.Save(directory);
    }

    private static void BuildDefault(ModelTask task, string directory, Device device, Action<string, double?> report, CancellationToken cancellation)
    {
        report("Preparing the training data", 0);
        var progress = new InlineProgress<TrainingProgress>(p =>
            report($"Training step {p.Step:N0} of {p.TotalSteps:N0} (epoch {p.Epoch}, loss {p.Loss:F3})", p.Step / (double)p.TotalSteps));
        BaseModelBuilder.Build(TaskData.Default(task.Code()), directory, new BaseModelOptions { MeasureAccuracy = false }, device, progress, cancellation);
    }
}
