using Microsoft.Extensions.Options;
using PatcherPortal.Engine;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Infrastructure;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Hosting;

/// <summary>The registered models in service (in the order they were registered), their devices and the examples
/// they are judged on. Retired models leave it; their history stays in the database.</summary>
public sealed class ModelRegistry : IDisposable
{
    private readonly object gate = new();
    private readonly List<TaskModel> models = [];
    private readonly Dictionary<string, Lazy<EvaluationData>> evaluation = [];
    private readonly ILogger<ModelRegistry> logger;

    private readonly PortalPaths? paths;

    /// <param name="paths">Where models keep their own data; without it (page tests) every model is judged on its built-in data.</param>
    public ModelRegistry(IOptions<PortalOptions> options, ILogger<ModelRegistry> logger, PortalPaths? paths = null)
    {
        this.paths = paths;
        Options = options.Value;
        this.logger = logger;
        Device = new Lazy<Device>(() =>
        {
            if (Options.TorchThreads is int threads and > 0) TorchSharp.torch.set_num_threads(threads);
            return TorchDevice.Choose(Options.Device, logger);
        });
    }

    public PortalOptions Options { get; }
    /// <summary>The portal's default device (<c>Portal:Device</c>); a model may name its own.</summary>
    public Lazy<Device> Device { get; }

    /// <summary>A model in service; an unknown or retired name is a <see cref="KeyNotFoundException"/> (404 in the API).</summary>
    public TaskModel this[string name] => Find(name) ?? throw new KeyNotFoundException($"There is no model '{name}' in service.");

    /// <summary>The model a request names: an unknown name in a route is not found (404); in a body, or none at all, the
    /// request is wrong (400).</summary>
    public TaskModel Resolve(string? name, bool inBody = false)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("Say which model: \"model\" (or \"task\") names a registered model.");
        if (Find(name.Trim()) is { } model) return model;
        var known = string.Join(", ", All.Select(m => m.Name));
        var message = $"There is no model '{name.Trim()}' in service (registered: {(known.Length > 0 ? known : "none")}).";
        throw inBody ? new ArgumentException(message) : new KeyNotFoundException(message);
    }

    public TaskModel? Find(string? name)
    {
        lock (gate) return models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    public IReadOnlyList<TaskModel> All
    {
        get { lock (gate) return models.ToList(); }
    }

    /// <summary>Raised when a model joins or leaves, for selectors to refresh.</summary>
    public event Action? Changed;

    public TaskModel Add(RegisteredModel definition)
    {
        TaskModel model;
        lock (gate)
        {
            if (Find(definition.Name) is { } existing) return existing;
            var device = Device.Value;
            if (definition.Device is { Length: > 0 } own && !string.Equals(own, Options.Device, StringComparison.OrdinalIgnoreCase))
                device = TorchDevice.Choose(own, logger);
            model = new TaskModel(definition, device);
            models.Add(model);
            evaluation[definition.Name] = new Lazy<EvaluationData>(() => paths is null ? BuiltInModels.Evaluation(definition, Options)
                : ModelData.ModelDataStore.Evaluation(paths, definition, Options));
        }
        Changed?.Invoke();
        return model;
    }

    public void Retire(string name)
    {
        TaskModel? model;
        lock (gate)
        {
            model = Find(name);
            if (model is null) return;
            models.Remove(model);
        }
        model.Retire();
        Changed?.Invoke();
    }

    /// <summary>The model's memory, TrainR / TestR examples and suggestions; empty for a model with no data yet.</summary>
    public EvaluationData Evaluation(string name)
    {
        Lazy<EvaluationData>? data;
        lock (gate) data = evaluation.GetValueOrDefault(name);
        return data?.Value ?? EvaluationData.None;
    }

    /// <summary>The model's own data replaces what it was judged on; its editor is rebuilt with it before the next edit.</summary>
    public void UseData(string name, EvaluationData data)
    {
        lock (gate) evaluation[name] = new Lazy<EvaluationData>(data);
    }

    public void Dispose()
    {
        foreach (var model in All) model.Dispose();
    }
}
