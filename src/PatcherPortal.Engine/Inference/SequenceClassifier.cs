using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Models;
using PatcherPortal.Engine.Models.Bert;
using PatcherPortal.Engine.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Inference;

public sealed record Classification(int LabelId, string Label, float[] Probabilities);

/// <summary>A BERT sequence classifier with its tokenizer: the fact checker.</summary>
public sealed class SequenceClassifier(BertForSequenceClassification model, BertWordPieceTokenizer tokenizer) : IPretrainedModel
{
    public BertForSequenceClassification Model { get; } = model;
    public BertWordPieceTokenizer WordPiece { get; } = tokenizer;
    public string[] Labels { get; } = model.Config.Labels();
    public string ModelType => "bert";
    public ITextTokenizer Tokenizer => WordPiece;
    public nn.Module Module => Model;
    public long ParameterCount => Model.ParameterCount() + Model.LastFeedForward.Patches.ParameterCount;
    public int MaxLength { get; init; } = 128;

    /// <summary>Tokens of an input read before truncation: within MaxLength and the model's position embeddings, less [CLS] and [SEP].</summary>
    public int MaxInputTokens => Math.Min(MaxLength, Model.Config.MaxPositionEmbeddings) - 2;

    public (Tensor Ids, Tensor Mask) Encode(IReadOnlyList<string> texts) => TokenBatch.Pad(
        texts.Select(t => WordPiece.EncodeForModel(t, MaxInputTokens + 2)).ToList(), WordPiece.PadId, padLeft: false, Model.Device());

    public Tensor Logits(IReadOnlyList<string> texts) // (B, labels)
    {
        using var scope = NewDisposeScope();
        var (ids, mask) = Encode(texts);
        return Model.call(ids, mask).MoveToOuterDisposeScope();
    }

    public Classification[] Classify(IReadOnlyList<string> texts)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Model.eval();
        var probabilities = Logits(texts).softmax(-1).cpu();
        return Enumerable.Range(0, texts.Count).Select(i =>
        {
            var p = probabilities[i].data<float>().ToArray();
            var best = Array.IndexOf(p, p.Max());
            return new Classification(best, Labels[best], p);
        }).ToArray();
    }

    public void Save(string directory) => BertCheckpoint.Save(directory, Model, Model.Config, WordPiece);

    public void Dispose() => Model.Dispose();
}
