using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Training;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Patching;

/// <summary>A Hugging Face model directory with a patch file applied: a model version answering outside the portal
/// (a classifier's label, a generator's greedy answer).</summary>
public sealed class PatchedModel : IDisposable
{
    private readonly IPretrainedModel model;

    private PatchedModel(IPretrainedModel model, IEditableModel editable) => (this.model, Editable) = (model, editable);

    public IEditableModel Editable { get; }
    public int PatchCount => Editable.Network.LastFeedForward.Patches.Count;

    /// <param name="patchFile">Null: the base model alone.</param>
    public static PatchedModel Load(string directory, string? patchFile, Device device)
    {
        var model = PretrainedModels.Load(directory, device);
        try
        {
            var editable = BaseModelBuilder.Editable(model);
            if (patchFile is not null)
            {
                var bank = editable.Network.LastFeedForward.Patches;
                var patches = PatchFile.Load(patchFile, editable.Network.LastFeedForward.ModelDimension);
                bank.AddRange(patches);
                foreach (var copied in patches.Where(p => !bank.Patches.Contains(p))) copied.Dispose();
            }
            return new PatchedModel(model, editable);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Why the model cannot read this input whole (it never truncates), or null.</summary>
    public string? InputProblem(string input) =>
        InputLimits.Input(model, input) is { Fits: false } count ? $"is {count.Tokens} tokens long; the model reads at most {count.Limit}" : null;

    public IReadOnlyList<string> Predict(IReadOnlyList<string> inputs) => Editable.Predict(inputs);

    public void Dispose() => model.Dispose();
}
