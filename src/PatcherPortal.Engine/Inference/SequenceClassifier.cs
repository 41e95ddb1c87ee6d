using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Models;
using PatcherPortal.Engine.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Inference;

public sealed record Classification(int LabelId, string Label, float[] Probabilities);

/// <summary>A sequence classifier (BERT, RoBERTa or DistilBERT) with its tokenizer: the fact checker.</summary>
public sealed class SequenceClassifier(ISequenceClassifierNetwork model, ISequenceTokenizer tokenizer) : IPretrainedModel
{
    public ISequenceClassifierNetwork Model { get; } = model;
    public ISequenceTokenizer SequenceTokenizer { get; } = tokenizer;
    public string[] Labels { get; } = model.Labels;
    public string ModelType => Model.ModelType;
    public ITextTokenizer Tokenizer => SequenceTokenizer;
    public nn.Module Module => Model.Module;
    public long ParameterCount => Model.Module.ParameterCount() + Model.LastFeedForward.Patches.ParameterCount;
    public int MaxLength { get; init; } = 128;

    /// <summary>Tokens of an input read before truncation: within MaxLength and the model's positions, less its special tokens.</summary>
    public int MaxInputTokens => Math.Min(MaxLength, Model.MaxTokens) - SequenceTokenizer.FramingTokens;

    public (Tensor Ids, Tensor Mask) Encode(IReadOnlyList<string> texts) => TokenBatch.Pad(
        texts.Select(t => SequenceTokenizer.EncodeForModel(t, MaxInputTokens + SequenceTokenizer.FramingTokens)).ToList(), Model.PadTokenId, padLeft: false,
        Model.Module.Device());

    public Tensor Logits(IReadOnlyList<string> texts) // (B, labels)
    {
        using var scope = NewDisposeScope();
        var (ids, mask) = Encode(texts);
        return Model.Module.call(ids, mask).MoveToOuterDisposeScope();
    }

    public Classification[] Classify(IReadOnlyList<string> texts)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Model.Module.eval();
        var probabilities = Logits(texts).softmax(-1).cpu();
        return Enumerable.Range(0, texts.Count).Select(i =>
        {
            var p = probabilities[i].data<float>().ToArray();
            var best = Array.IndexOf(p, p.Max());
            return new Classification(best, Labels[best], p);
        }).ToArray();
    }

    public void Save(string directory) => ClassifierCheckpoint.Save(directory, Model, SequenceTokenizer);

    public void Dispose() => Model.Module.Dispose();
}
