using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Engine.Tokenization;
using PatcherPortal.Engine.Training;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Validation;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Hosting;

/// <summary>
/// A registered model in service. TorchSharp modules are not thread-safe, so every use holds the gate; training runs on
/// a separate copy (<see cref="EditWorkbench"/>) and only <see cref="Publish"/> touches this model's patches.
/// </summary>
public sealed class TaskModel(RegisteredModel definition, Device device) : IDisposable
{
    private readonly object gate = new();
    private IPretrainedModel? model;
    private IEditableModel? editable;

    public RegisteredModel Definition { get; } = definition;
    /// <summary>The model's registered name: its URL segment, job queue and data folder.</summary>
    public string Name => Definition.Name;
    public ModelKind Kind => Definition.Kind;
    public string DisplayName => Definition.DisplayName;
    public string InputLabel => Definition.InputLabel;
    public Device Device { get; } = device;
    /// <summary>A classifier's labels, as its checkpoint names them (config.json's id2label); empty for a generator.</summary>
    public IReadOnlyList<string> Labels { get; private set; } = definition.Labels;
    public string ModelName => Definition.DisplayName;
    public int Version { get; private set; }
    /// <summary>The served version's base directory relative to the data directory (null: the original base).</summary>
    public string? BaseModel { get; private set; }
    public int PatchCount { get; private set; }
    public long ParameterCount { get; private set; }
    public long BaseParameterCount { get; private set; }
    /// <summary>Width of the residual stream at the patched layer (a patch has 2d + 1 parameters).</summary>
    public long Dimension { get; private set; }
    /// <summary>The tokenizer lower-cases what it reads (do_lower_case in tokenizer_config.json), so answers come in lower case.</summary>
    public bool CaseInsensitive { get; private set; }
    public bool IsReady => editable is not null && Version > 0;
    public string Activity { get; private set; } = "Waiting to load";
    public double? Progress { get; private set; }
    public bool Failed { get; private set; }
    /// <summary>Why the model serves while something is wrong (an older version than the latest); cleared by the next version.</summary>
    public string? Warning { get; private set; }

    public event Action? Changed;

    public void Report(string activity, double? progress = null, bool failed = false)
    {
        (Activity, Progress, Failed) = (activity, progress, failed);
        Changed?.Invoke();
    }

    public void Warn(string warning)
    {
        Warning = warning;
        Report(warning);
    }

    public void Load(IPretrainedModel loaded)
    {
        lock (gate)
        {
            model = loaded;
            editable = BaseModelBuilder.Editable(loaded);
            if (loaded is SequenceClassifier classifier) Labels = classifier.Labels;
            ParameterCount = loaded.ParameterCount;
            BaseParameterCount = editable.BaseParameterCount;
            Dimension = editable.Network.LastFeedForward.ModelDimension;
            CaseInsensitive = loaded.Tokenizer is BertWordPieceTokenizer { LowerCase: true };
        }
    }

    /// <summary>Copies of the patches in service when <paramref name="version"/> is the one served, else null: the next version
    /// starts from them instead of reading thousands of patches from disk again.</summary>
    public List<Patch>? CopyOfPatches(int version)
    {
        lock (gate)
        {
            if (editable is null || Version != version) return null;
            using var scope = NewDisposeScope();
            return editable.Network.LastFeedForward.Patches.Patches.Select(p => new Patch(p.Id, p.Key, p.Bias, p.Value)).ToList();
        }
    }

    /// <summary>Serves a version: its patches (and, after a consolidation or a roll back across one, its base) replace the
    /// current ones in one short step. Takes ownership of the patches and of the new base. Versions only move forward:
    /// one older than the version in service (a slower publisher lost the race) is dropped.</summary>
    public void Publish(int version, IReadOnlyList<Patch> patches, BaseSwap? swap = null)
    {
        IPretrainedModel? replaced = null;
        lock (gate)
        {
            if (version < Version)
            {
                foreach (var patch in patches) patch.Dispose();
                swap?.Model.Dispose();
                return;
            }
            if (swap is not null)
            {
                replaced = model;
                editable?.Network.LastFeedForward.Patches.Clear();
                Load(swap.Model);
                BaseModel = swap.Directory;
            }
            var bank = (editable ?? throw new InvalidOperationException("Load the model before publishing a version.")).Network.LastFeedForward.Patches;
            bank.Clear();
            bank.AddRange(patches); // one rebuild of the stacked tensors, not one per patch
            Version = version;
            Warning = null;
            PatchCount = bank.Count;
            ParameterCount = model!.ParameterCount;
        }
        replaced?.Dispose();
        Report("Serving");
    }

    /// <summary>Serves <paramref name="version"/> by changing the patches of <paramref name="from"/>, the version in service:
    /// a few patches out, a few in (taken over), without touching the thousands that stay. False (and the added patches
    /// disposed) when another version is in service by now.</summary>
    public bool PublishChange(int from, int version, IReadOnlyCollection<Guid> removed, IReadOnlyList<Patch> added)
    {
        lock (gate)
        {
            if (editable is null || Version != from)
            {
                foreach (var patch in added) patch.Dispose();
                return false;
            }
            var bank = editable.Network.LastFeedForward.Patches;
            bank.Change(removed, added);
            Version = version;
            Warning = null;
            PatchCount = bank.Count;
            ParameterCount = model!.ParameterCount;
        }
        Report("Serving");
        return true;
    }

    public Prediction Predict(string input)
    {
        lock (gate)
        {
            var output = Editable.Predict([input])[0];
            return new Prediction(output, Version, PatchFiring.Fired(Editable, input, output));
        }
    }

    public (IReadOnlyList<string> Outputs, int Version) PredictMany(IReadOnlyList<string> inputs)
    {
        lock (gate) return (Editable.Predict(inputs), Version);
    }

    /// <summary>Why the model cannot read <paramref name="input"/> whole, or null: longer inputs are refused, never truncated.</summary>
    public string? InputProblem(string input, string what)
    {
        lock (gate)
        {
            var count = InputLimits.Input(Loaded, input.Trim());
            return count.Fits ? null : $"{UserText.Capitalized(what)} is {count.Tokens} tokens long; the {DisplayName.ToLowerInvariant()} model reads at most {count.Limit}. Shorten it.";
        }
    }

    /// <summary>Why the model could never give <paramref name="answer"/> (longer than it generates), or null.</summary>
    public string? AnswerProblem(string answer)
    {
        lock (gate)
        {
            return InputLimits.Answer(Loaded, answer.Trim()) is { Fits: false } count
                ? $"The answer is {count.Tokens - 1} tokens long; the model answers in at most {count.Limit - 1}. Shorten it."
                : null;
        }
    }

    public bool Matches(string prediction, string target)
    {
        lock (gate) return Editable.Matches(prediction, target);
    }

    private IPretrainedModel Loaded => IsReady ? model! : throw Unavailable();

    private ModelUnavailableException Unavailable() => new($"The {DisplayName.ToLowerInvariant()} model is not ready yet: {Activity}.");

    private IEditableModel Editable => IsReady ? editable! : throw Unavailable();

    /// <summary>Stops serving for good (the model was retired): requests in flight finish first, later ones are refused.</summary>
    public void Retire()
    {
        lock (gate)
        {
            (editable, Version) = (null, 0);
            model?.Dispose();
            model = null;
        }
        Report("Retired");
    }

    public void Dispose()
    {
        lock (gate) model?.Dispose();
    }
}

/// <summary>A version's base model, loaded before its version is committed, and its directory relative to the data directory.</summary>
public sealed record BaseSwap(IPretrainedModel Model, string? Directory);
