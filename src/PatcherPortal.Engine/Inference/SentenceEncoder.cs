using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Models;
using PatcherPortal.Engine.Models.Bert;
using PatcherPortal.Engine.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Inference;

/// <summary>A BERT encoder used for sentence embeddings (mean pooling, L2-normalised, as all-MiniLM-L6-v2).</summary>
public sealed class SentenceEncoder(BertModel model, BertWordPieceTokenizer tokenizer) : IPretrainedModel
{
    public BertModel Model { get; } = model;
    public BertWordPieceTokenizer WordPiece { get; } = tokenizer;
    public string ModelType => "bert";
    public ITextTokenizer Tokenizer => WordPiece;
    public nn.Module Module => Model;
    public long ParameterCount => Model.ParameterCount();
    public int MaxLength { get; init; } = 256;

    public (Tensor Ids, Tensor Mask) Encode(IReadOnlyList<string> texts) => TokenBatch.Pad(
        texts.Select(t => WordPiece.EncodeForModel(t, MaxLength)).ToList(), WordPiece.PadId, padLeft: false, Model.embeddings.Device());

    /// <summary>last_hidden_state: (B, T, d).</summary>
    public Tensor LastHiddenState(IReadOnlyList<string> texts)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (ids, mask) = Encode(texts);
        return Model.call(ids, mask).MoveToOuterDisposeScope();
    }

    /// <summary>Unit-length sentence embeddings: (B, d).</summary>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (ids, mask) = Encode(texts);
        var hidden = Model.call(ids, mask);                                      // (B, T, d)
        var weights = mask.unsqueeze(-1).to(hidden.dtype);                       // (B, T, 1)
        var mean = (hidden * weights).sum(1) / weights.sum(1).clamp_min(1e-9);   // (B, d)
        var unit = nn.functional.normalize(mean, p: 2, dim: 1).cpu();
        return Enumerable.Range(0, texts.Count).Select(i => unit[i].data<float>().ToArray()).ToArray();
    }

    public static float Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

    public void Save(string directory) => BertCheckpoint.Save(directory, Model, Model.Config, WordPiece);

    public void Dispose() => Model.Dispose();
}
