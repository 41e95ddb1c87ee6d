using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing.Neighbours;
using PatcherPortal.Engine.Models;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing;

/// <summary>A <see cref="PatcherSetup"/>'s tensors for one model's weights: computed once, copied into every editor.</summary>
public sealed class PreparedPatcher(PatcherSetup setup, IEditableModel model) : IDisposable
{
    private Tensor? memoryQueries;
    private Tensor? shifts;
    private HardNegatives? hardNegatives;

    public PatcherSetup Setup { get; } = setup;

    /// <summary>(M, d): the memory's queries, at most <see cref="PatcherOptions.MemorySize"/>.</summary>
    public Tensor MemoryQueries => memoryQueries ??= Detached(() => Setup.Memory.Count == 0
        ? zeros(0, model.Network.LastFeedForward.ModelDimension, device: model.Module.Device())
        : model.MemoryQueries(Setup.Memory, Setup.Options.MemorySize, Setup.Options.Seed));

    /// <summary>(S, 2, d), see <see cref="ParaphraseShifts"/>; empty without examples that have paraphrases.</summary>
    public Tensor Shifts => shifts ??= Detached(() =>
        ParaphraseShifts.Compute(model, Setup.Paraphrased, Setup.Options.ShiftExamples, Setup.Options.Seed));

    /// <summary>The memory's inputs with their targets, the pool hard negatives are chosen from when
    /// <see cref="PatcherOptions.HardNegatives"/> is on; null when it is off.</summary>
    public HardNegatives? HardNegativePool => Setup.Options.HardNegatives <= 0 ? null
        : hardNegatives ??= HardNegatives.Build(model, Setup.Memory.Select(m => new LabelledInput(m.Input, m.Target)));

    /// <summary>An editor of <paramref name="editable"/> (these weights, or a fresh copy of them); see <see cref="PatcherSetup.Build"/>.</summary>
    /// <param name="pool">The hard negatives to choose from instead of <see cref="HardNegativePool"/> (copied).</param>
    /// <param name="options">Options of the same memory size and seed to edit with instead of the set-up's (another
    /// preset run on the same prepared tensors).</param>
    public TransformerPatcher Create(IEditableModel editable, IReadOnlyList<LabelledInput>? pastEdits = null,
        HardNegatives? pool = null, PatcherOptions? options = null)
    {
        options ??= Setup.Options;
        if (options.MemorySize != Setup.Options.MemorySize || options.Seed != Setup.Options.Seed)
            throw new ArgumentException("Options given to a prepared editor keep its memory size and seed.", nameof(options));
        using var scope = NewDisposeScope();
        var edits = pastEdits ?? [];
        var memory = edits.Count == 0 ? MemoryQueries : cat([MemoryQueries, editable.MemoryQueries(edits, int.MaxValue, Setup.Options.Seed)], 0);
        var contrastive = new ContrastiveInputs(Setup.Memory.Select(m => m.Input).Concat(edits.Select(e => e.Input)));
        var hard = options.HardNegatives <= 0 ? null : (pool ?? HardNegativePool)?.Copy();
        return new TransformerPatcher(editable, memory, options, options.ShiftScale > 0 ? Shifts : null, contrastive, hard);
    }

    private static Tensor Detached(Func<Tensor> compute)
    {
        using var scope = NewDisposeScope();
        return compute().DetachFromDisposeScope();
    }

    public void Dispose()
    {
        memoryQueries?.Dispose();
        shifts?.Dispose();
        hardNegatives?.Dispose();
    }
}
