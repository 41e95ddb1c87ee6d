using Microsoft.Extensions.Options;
using PatcherPortal.Engine;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Models;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Hosting;

/// <summary>The serving model of each task, the device they run on, and the examples they are judged on.</summary>
public sealed class ModelRegistry : IDisposable
{
    private readonly Dictionary<ModelTask, TaskModel> models = ModelTaskExtensions.All.ToDictionary(t => t, t => new TaskModel(t));
    private readonly Dictionary<ModelTask, Lazy<EvaluationData>> evaluation;

    public ModelRegistry(IOptions<PortalOptions> options, ILogger<ModelRegistry> logger)
    {
        Options = options.Value;
        Device = new Lazy<Device>(() =>
        {
            if (Options.TorchThreads is int threads and > 0) TorchSharp.torch.set_num_threads(threads);
            return TorchDevice.Choose(Options.Device, logger);
        });
        evaluation = ModelTaskExtensions.All.ToDictionary(t => t,
            t => new Lazy<EvaluationData>(() => EvaluationData.For(t, Options.ModelProfile, Options.Evaluation)));
    }

    public PortalOptions Options { get; }
    public Lazy<Device> Device { get; }
    public TaskModel this[ModelTask task] => models[task];
    public IEnumerable<TaskModel> All => models.Values;
    public EvaluationData Evaluation(ModelTask task) => evaluation[task].Value;

    public void Dispose()
    {
        foreach (var model in models.Values) model.Dispose();
    }
}
