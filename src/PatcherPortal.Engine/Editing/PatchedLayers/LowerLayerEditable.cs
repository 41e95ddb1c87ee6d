using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.PatchedLayers;

/// <summary>
/// A task model as T-Patcher sees it when patching a feed-forward layer below the last (the paper's figure 6): the
/// edit's rows, the memory and the patches live at that layer; answers and accuracy are the model's own.
/// </summary>
internal sealed class LowerLayerEditable(IEditableModel model, ILayeredPatchableModel network, int layer) : IEditableModel
{
    private const int BatchSize = 32;

    public IPatchableModel Network { get; } = new LowerLayerNetwork(network, layer);
    public nn.Module Module => model.Module;
    public long BaseParameterCount => model.BaseParameterCount;

    public EditRows Locate(IReadOnlyList<string> inputs, string target)
    {
        using var scope = NewDisposeScope();
        var batch = model.Batch(inputs.Select(i => new LabelledInput(i, target)).ToList());
        var (residual, query) = Sequences(batch);
        var primary = (int)batch.Rows.lt(batch.Ids.shape[1]).sum().item<long>();
        var sequences = new LayerSequences(network, layer, residual.MoveToOuterDisposeScope(), query.MoveToOuterDisposeScope(),
            batch.Mask.MoveToOuterDisposeScope(), batch.Rows.MoveToOuterDisposeScope());
        return new EditRows(Rows(residual, batch.Rows).MoveToOuterDisposeScope(), Rows(query, batch.Rows).MoveToOuterDisposeScope(),
            batch.Targets.MoveToOuterDisposeScope(), primary) { Sequences = sequences };
    }

    /// <summary>The layer's queries at every position of the examples' sequences, at most <paramref name="maxRows"/>
    /// drawn at random: below the last layer a patch acts on every position, so it must stay silent on all of them. (M, d)</summary>
    public Tensor MemoryQueries(IReadOnlyList<LabelledInput> examples, int maxRows, int seed)
    {
        using var scope = NewDisposeScope();
        var parts = new List<Tensor> { zeros(0, Network.LastFeedForward.ModelDimension, device: Module.Device()) };
        foreach (var chunk in examples.Chunk(BatchSize))
        {
            var batch = model.Batch(chunk);
            var (_, query) = Sequences(batch);
            parts.Add(Rows(query, batch.Mask.flatten().nonzero().flatten()));
        }
        var queries = cat(parts, 0);
        if (queries.shape[0] > maxRows)
            queries = queries.index_select(0, randperm(queries.shape[0], generator: new Generator().manual_seed(seed))[..maxRows].to(queries.device));
        return queries.MoveToOuterDisposeScope();
    }

    public Tensor InputQueries(IReadOnlyList<string> inputs) =>
        throw new NotSupportedException($"Nearness at the patched layer (hard negatives) is measured at the last layer only; layer {layer} is patched here.");

    public (Tensor Logits, Tensor Targets) RowLogits(IReadOnlyList<LabelledInput> examples) => model.RowLogits(examples);
    public TrainingBatch Batch(IReadOnlyList<LabelledInput> examples) => model.Batch(examples);
    public IReadOnlyList<string> Predict(IReadOnlyList<string> inputs) => model.Predict(inputs);
    public double TeacherForcedAccuracy(IReadOnlyList<LabelledInput> examples) => model.TeacherForcedAccuracy(examples);
    public bool Matches(string prediction, string target) => model.Matches(prediction, target);

    private (Tensor Residual, Tensor Query) Sequences(TrainingBatch batch)
    {
        using var noGrad = no_grad();
        model.Module.eval();
        return network.ForwardToFeedForward(layer, batch.Ids, batch.Mask);
    }

    private static Tensor Rows(Tensor sequences, Tensor flat) => sequences.reshape(-1, sequences.shape[2]).index_select(0, flat);
}
