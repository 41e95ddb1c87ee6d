using System.Diagnostics;
using PatcherPortal.Engine.Models;
using PatcherPortal.Engine.Patching;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing;

/// <summary>
/// Transformer-Patcher (Huang et al., ICLR 2023): each mistake gets patch neurons in the last feed-forward layer,
/// trained so they fire on the mistake (and its paraphrases) and stay silent on a memory of other queries.
/// </summary>
public sealed class TransformerPatcher : IModelEditor
{
    private readonly PatcherOptions options;
    private readonly Generator generator;

    public TransformerPatcher(IEditableModel model, Tensor memoryQueries, PatcherOptions? options = null, Tensor? paraphraseShifts = null)
    {
        Model = model;
        this.options = options ?? new PatcherOptions();
        Shifts = paraphraseShifts is { } shifts && shifts.shape[0] > 0 && this.options.ShiftScale > 0 ? shifts.detach().clone().DetachFromDisposeScope() : null;
        Memory = new QueryMemory(memoryQueries);
        generator = new Generator().manual_seed(this.options.Seed);
    }

    public string Name => "T-Patcher";
    public IEditableModel Model { get; }
    public QueryMemory Memory { get; }
    /// <summary>See <see cref="ParaphraseShifts"/>; null trains with query dropout alone, as the paper.</summary>
    public Tensor? Shifts { get; }
    public PatchBank Patches => Model.Network.LastFeedForward.Patches;
    public long ParameterCount => Model.BaseParameterCount + Patches.ParameterCount;

    public IReadOnlyList<string> Predict(IReadOnlyList<string> inputs) => Model.Predict(inputs);

    public EditOutcome Edit(EditRequest request, IProgress<EditProgress>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        using var rows = Model.Locate(request.AllInputs, request.Target);
        var layer = Model.Network.LastFeedForward;
        Tensor current;
        long[] wrong;
        using (no_grad())
        {
            current = layer.Forward(rows.Query); // (N, d), with the patches already applied
            var logits = Model.Network.ForwardFromLastFeedForward(rows.Residual, current);
            wrong = logits.argmax(-1).ne(rows.Targets).nonzero().flatten().data<long>().ToArray();
        }
        if (wrong.Length == 0)
            return new EditOutcome(EditStatus.AlreadyCorrect, clock.Elapsed, 0, "The model already gives this answer.");

        // The edit's own wrong rows get patches first; paraphrases the user asked to fix get the remaining ones.
        var patchRows = wrong.OrderBy(r => r < rows.PrimaryRows ? 0 : 1).Take(options.MaxPatchesPerEdit).ToArray();
        var training = new PatchTraining(Model.Network, layer.Activation, Model is EditableGenerator, rows, current, patchRows,
            Memory.Rows, options, generator, Shifts);
        PatchTraining.Result result;
        using (Model.Module.Freeze()) result = training.Run(progress, cancellation);
        if (!result.Corrected)
            return new EditOutcome(EditStatus.Failed, clock.Elapsed, result.Steps,
                $"Not fixed after {result.Steps} steps (loss {result.Loss:F3}); the model is unchanged.") { FinalLoss = result.Loss };

        var patches = result.Patches.Select(p => new Patch(Guid.NewGuid(), p.Key, p.Bias, p.Value)).ToList();
        foreach (var patch in patches) Patches.Add(patch);
        Memory.Append(rows.Query);
        var statistics = patches.Select((p, i) => new PatchStatistics(p.Id, (int)patchRows[i], result.EditActivations[i], result.MaxMemoryActivations[i])).ToList();
        var note = result.SilentOnMemory ? "" : $" The memory constraint was not fully met (largest memory pre-activation {result.MaxMemoryActivations.Max():F2}).";
        return new EditOutcome(EditStatus.Fixed, clock.Elapsed, result.Steps,
            $"Fixed with {patches.Count} patch{(patches.Count > 1 ? "es" : "")} in {result.Steps} steps.{note}")
        { Patches = patches, PatchStatistics = statistics, FinalLoss = result.Loss };
    }

    public void Dispose()
    {
        Memory.Dispose();
        Shifts?.Dispose();
        generator.Dispose();
    }
}
