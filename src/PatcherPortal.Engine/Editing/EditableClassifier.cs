using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing;

/// <summary>A fact checker as the editor sees it: one row per input, the [CLS] query the classifier head reads.</summary>
public sealed class EditableClassifier(SequenceClassifier classifier) : IEditableModel
{
    private const int BatchSize = 64;

    public SequenceClassifier Classifier { get; } = classifier;
    public IPatchableModel Network => Classifier.Model;
    public nn.Module Module => Classifier.Model;
    public long BaseParameterCount => Classifier.Model.ParameterCount();

    public EditRows Locate(IReadOnlyList<string> inputs, string target)
    {
        var label = LabelId(target);
        var (residual, query) = ClsRows(inputs);
        return new EditRows(residual, query, full(inputs.Count, label, dtype: int64, device: query.device), primaryRows: 1);
    }

    public Tensor MemoryQueries(IReadOnlyList<LabelledInput> examples, int maxRows, int seed)
    {
        using var scope = NewDisposeScope();
        var inputs = examples.Select(e => e.Input).Take(maxRows).ToList();
        var parts = inputs.Chunk(BatchSize).Select(chunk => ClsRows(chunk).Query).ToList();
        return cat(parts, 0).MoveToOuterDisposeScope(); // (M, d)
    }

    public Tensor InputQueries(IReadOnlyList<string> inputs)
    {
        using var scope = NewDisposeScope();
        var parts = inputs.Chunk(BatchSize).Select(chunk => ClsRows(chunk).Query).ToList();
        return (parts.Count == 0 ? zeros(0, Network.LastFeedForward.ModelDimension, device: Module.Device()) : cat(parts, 0)).MoveToOuterDisposeScope(); // (N, d)
    }

    public (Tensor Logits, Tensor Targets) RowLogits(IReadOnlyList<LabelledInput> examples)
    {
        var (ids, mask) = Classifier.Encode(examples.Select(e => e.Input).ToList());
        return (Classifier.Model.call(ids, mask), Labels(examples, ids.device));
    }

    /// <summary>One row per example: its [CLS] position.</summary>
    public TrainingBatch Batch(IReadOnlyList<LabelledInput> examples)
    {
        var (ids, mask) = Classifier.Encode(examples.Select(e => e.Input).ToList());
        return new TrainingBatch(ids, mask, arange(ids.shape[0], device: ids.device) * ids.shape[1], Labels(examples, ids.device));
    }

    private Tensor Labels(IReadOnlyList<LabelledInput> examples, Device device) =>
        tensor(examples.Select(e => (long)LabelId(e.Target)).ToArray(), device: device);

    public IReadOnlyList<string> Predict(IReadOnlyList<string> inputs) =>
        inputs.Chunk(BatchSize).SelectMany(chunk => Classifier.Classify(chunk)).Select(c => c.Label).ToList();

    public double TeacherForcedAccuracy(IReadOnlyList<LabelledInput> examples) =>
        examples.Count == 0 ? 0 : Predict(examples.Select(e => e.Input).ToList()).Zip(examples).Count(p => Matches(p.First, p.Second.Target)) / (double)examples.Count;

    public bool Matches(string prediction, string target) => string.Equals(prediction, target, StringComparison.OrdinalIgnoreCase);

    private int LabelId(string target)
    {
        var index = Array.FindIndex(Classifier.Labels, l => Matches(l, target.Trim()));
        return index >= 0 ? index : throw new ArgumentException(
            $"'{target}' is not a label of this classifier (labels: {string.Join(", ", Classifier.Labels)}).");
    }

    private (Tensor Residual, Tensor Query) ClsRows(IReadOnlyList<string> inputs) // -> (N, d) each
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Classifier.Model.eval();
        var (ids, mask) = Classifier.Encode(inputs);
        var (residual, query) = Classifier.Model.ForwardToLastFeedForward(ids, mask);
        return (residual.select(1, 0).MoveToOuterDisposeScope(), query.select(1, 0).MoveToOuterDisposeScope());
    }
}
