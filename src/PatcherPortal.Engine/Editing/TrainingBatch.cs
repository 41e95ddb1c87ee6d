using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing;

/// <summary>Examples as the network reads them in training: right-padded ids (B, T) and mask, the flat rows (N) of
/// (B * T) whose outputs decide the targets, and those targets (N).</summary>
public sealed record TrainingBatch(Tensor Ids, Tensor Mask, Tensor Rows, Tensor Targets);
