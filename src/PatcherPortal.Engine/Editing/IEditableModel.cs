using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Models;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing;

/// <summary>What an editor needs from a task model (classifier or generator), independent of the architecture.</summary>
public interface IEditableModel
{
    IPatchableModel Network { get; }
    TorchSharp.torch.nn.Module Module { get; }
    long BaseParameterCount { get; }

    /// <summary>The rows deciding <paramref name="target"/> for each input (teacher forced for generation).</summary>
    EditRows Locate(IReadOnlyList<string> inputs, string target);

    /// <summary>Last-FFN queries at the rows that decide outputs of these examples, at most <paramref name="maxRows"/>: (M, d).</summary>
    Tensor MemoryQueries(IReadOnlyList<LabelledInput> examples, int maxRows, int seed);

    /// <summary>Last-FFN queries at the row deciding each input's first output token (the [CLS] row of a classifier;
    /// the prompt's last position for generation), which depends on the input alone: (N, d). Nearness "at the patched
    /// layer" is measured on these.</summary>
    Tensor InputQueries(IReadOnlyList<string> inputs);

    /// <summary>Full forward pass (gradients flow into every weight): logits (N, outputs) at the rows deciding each
    /// example's target, and those targets (N). Fine-tuning editors and base-model training use this.</summary>
    (Tensor Logits, Tensor Targets) RowLogits(IReadOnlyList<LabelledInput> examples);

    /// <summary>The examples' token batch with the rows that decide their targets (what <see cref="RowLogits"/> reads).</summary>
    TrainingBatch Batch(IReadOnlyList<LabelledInput> examples);

    IReadOnlyList<string> Predict(IReadOnlyList<string> inputs);

    /// <summary>Token-level accuracy under teacher forcing (the label accuracy for classification).</summary>
    double TeacherForcedAccuracy(IReadOnlyList<LabelledInput> examples);

    bool Matches(string prediction, string target);
}
