using System.Diagnostics;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing.Neighbours;
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

    public TransformerPatcher(IEditableModel model, Tensor memoryQueries, PatcherOptions? options = null, Tensor? paraphraseShifts = null,
        ContrastiveInputs? contrastive = null, HardNegatives? hardNegatives = null)
    {
        Contrastive = contrastive;
        HardNegatives = hardNegatives;
        Model = model;
        this.options = options ?? new PatcherOptions();
        Shifts = paraphraseShifts is { } shifts && shifts.shape[0] > 0 && this.options.ShiftScale > 0 ? shifts.detach().clone().DetachFromDisposeScope() : null;
        Memory = new QueryMemory(memoryQueries);
        generator = new Generator().manual_seed(this.options.Seed);
    }

    public string Name => options.Preset == PatcherPreset.Paper ? "T-Patcher (paper)" : "T-Patcher";
    public IEditableModel Model { get; }
    public QueryMemory Memory { get; }
    /// <summary>See <see cref="ParaphraseShifts"/>; null trains with query dropout alone, as the paper.</summary>
    public Tensor? Shifts { get; }
    /// <summary>Where each edit's hard negatives come from; null trains against the memory alone, as the paper.</summary>
    public ContrastiveInputs? Contrastive { get; }
    /// <summary>Known inputs near each edit at the patched layer to keep silent on (owned); null leaves them out.</summary>
    public HardNegatives? HardNegatives { get; }
    public PatchBank Patches => Model.Network.LastFeedForward.Patches;
    public long ParameterCount => Model.BaseParameterCount + Patches.ParameterCount;

    /// <summary>The state of the editor's random draws (query dropout, paraphrase shifts): saved with its patches, a
    /// stopped run resumes drawing what it would have drawn.</summary>
    public byte[] RandomState
    {
        get
        {
            using var state = generator.get_state();
            return state.bytes.ToArray();
        }
        set
        {
            using var state = tensor(value);
            generator.set_state(state);
        }
    }

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
            var logits = rows.Logits(Model.Network, rows.Residual, current);
            wrong = logits.argmax(-1).ne(rows.Targets).nonzero().flatten().data<long>().ToArray();
        }
        if (wrong.Length == 0)
            return new EditOutcome(EditStatus.AlreadyCorrect, clock.Elapsed, 0, "The model already gives this answer.");

        // The edit's own wrong rows get patches first; paraphrases the user asked to fix get the remaining ones.
        var maxPatches = request.MaxPatches ?? options.MaxPatchesPerEdit;
        var patchRows = wrong.OrderBy(r => r < rows.PrimaryRows ? 0 : 1).Take(maxPatches).ToArray();
        var negatives = Contrastive?.For(request.Input, request.AllInputs, options.ContrastiveNegatives, options.Seed) ?? [];
        using var negativeRows = negatives.Count == 0 ? null : Model.Locate(negatives, request.Target);
        var nearest = HardNegatives?.For(Model, request, rows.Query[0], options.HardNegatives) ?? [];
        using var nearestRows = KeptRows(nearest);
        using var swappedRows = KeptRows(TemplateNeighbours.For(Model, request, Contrastive, options.TemplateNeighbours, options.Seed));
        using var subjectRows = KeptRows(SubjectNeighbours.For(Model, request, Contrastive, rows.Query[0], options.SubjectNeighbours, options.Seed));
        using var keptRows = KeptRows(request.Keep);
        using var guarded = Joined(negativeRows?.Query, nearestRows, swappedRows, subjectRows, keptRows);
        using var separable = guarded is null ? null : Separable(guarded, rows.Query);
        // An input the editor is told to fix may be in its memory (a model's own traffic is its memory): a patch cannot
        // both fire on it and stay silent on it, so the memory here is every other query.
        using var memory = (Memory.Count == 0 ? null : Separable(Memory.Rows, rows.Query)) ?? Memory.Rows[..0];
        var result = Train(rows, current, patchRows, memory, separable, progress, cancellation);
        // An edit its contrastive inputs cannot be told apart from still gets the paper's patch, trained on the memory
        // and the inputs the request asks to keep alone.
        if (!result.Corrected && separable is not null && (negativeRows is not null || nearestRows is not null || swappedRows is not null || subjectRows is not null))
        {
            using var kept = keptRows is null ? null : Separable(keptRows, rows.Query);
            result = Train(rows, current, patchRows, memory, kept, progress, cancellation);
        }
        if (!result.Finite)
            return new EditOutcome(EditStatus.Failed, clock.Elapsed, result.Steps,
                $"Training diverged after {result.Steps} steps (a pre-activation or weight was not a finite number); the model is unchanged.");
        if (!result.Corrected)
        {
            var primaryWrong = wrong.Count(r => r < rows.PrimaryRows);
            var tooFew = primaryWrong > maxPatches;
            var limit = tooFew ? $" The model gets {primaryWrong} of the answer's tokens wrong; this edit gets at most {maxPatches} patches." : "";
            return new EditOutcome(EditStatus.Failed, clock.Elapsed, result.Steps,
                $"Not fixed after {result.Steps} steps (loss {result.Loss:F3}); the model is unchanged.{limit}")
            { FinalLoss = result.Loss, PatchesNeeded = tooFew ? primaryWrong : null };
        }

        var patches = result.Patches.Select(p => new Patch(Guid.NewGuid(), p.Key, p.Bias, p.Value)).ToList();
        Patches.AddRange(patches);
        Memory.Append(rows.Query);
        Contrastive?.Add(request.Input);
        HardNegatives?.Add(request.Input, request.Target, rows.Query[0]);
        var statistics = patches.Select((p, i) => new PatchStatistics(p.Id, (int)patchRows[i], result.EditActivations[i], result.MaxMemoryActivations?[i])).ToList();
        var note = (result.MaxMemoryActivations is null ? " There was no memory yet to stay silent on (no data or other traffic); later edits stay silent on this one."
                       : result.SilentOnMemory ? "" : $" The memory constraint was not fully met (largest memory pre-activation {result.MaxMemoryActivations.Max():F2}).")
                   + (result.MaxContrastiveActivation < 0 ? "" : $" An input it was to stay silent on (one word away, or a known neighbour) still reaches pre-activation {result.MaxContrastiveActivation:F2}.");
        return new EditOutcome(EditStatus.Fixed, clock.Elapsed, result.Steps,
            $"Fixed with {patches.Count} patch{(patches.Count > 1 ? "es" : "")} in {result.Steps} steps.{note}")
        {
            Patches = patches, PatchStatistics = statistics, FinalLoss = result.Loss,
            Bounds = new EditBounds(options.MinEditActivation, result.MemoryBound) { MemoryEmpty = result.MaxMemoryActivations is null },
        };
    }

    /// <summary>The rows deciding each kept input's own answer (R, d), or null: a patch silent there leaves that answer.</summary>
    private Tensor? KeptRows(IReadOnlyList<LabelledInput> kept) =>
        kept.Count == 0 ? null : Model.MemoryQueries(kept, int.MaxValue, options.Seed);

    private static Tensor? Joined(params Tensor?[] parts)
    {
        var present = parts.OfType<Tensor>().ToList();
        return present.Count == 0 ? null : cat(present, 0);
    }

    /// <summary>The contrastive rows (C, d) the model reads differently from every row of the edit (C', d), or null: a
    /// word unknown to the tokenizer on both sides makes a "different" input the very same query.</summary>
    private static Tensor? Separable(Tensor contrastive, Tensor own)
    {
        using var scope = NewDisposeScope();
        var distance = cdist(contrastive, own).min(1).values;                                          // (C)
        var keep = distance.gt(1e-4 * own.norm(dim: -1).mean()).nonzero().flatten();
        return keep.shape[0] == 0 ? null : contrastive.index_select(0, keep).MoveToOuterDisposeScope();
    }

    private PatchTraining.Result Train(EditRows rows, Tensor current, long[] patchRows, Tensor memory, Tensor? contrastive,
        IProgress<EditProgress>? progress, CancellationToken cancellation)
    {
        var training = new PatchTraining(Model.Network, Model.Network.LastFeedForward.Activation, Model is EditableGenerator, rows,
            current, patchRows, memory, options, generator, Shifts, contrastive);
        using (Model.Module.Freeze()) return training.Run(progress, cancellation);
    }

    public void Dispose()
    {
        Memory.Dispose();
        HardNegatives?.Dispose();
        Shifts?.Dispose();
        generator.Dispose();
    }
}
