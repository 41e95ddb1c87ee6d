using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Models;
using PatcherPortal.Engine.Models.Bert;
using PatcherPortal.Engine.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Inference;

/// <summary>
/// BERT run as a decoder answering by continuation: [CLS] question [SEP] answer [SEP], the second [SEP] ending the
/// answer. WordPiece of an uncased model writes answers in lower case without accents; matching is normalised anyway.
/// </summary>
public sealed class BertLanguageModel(BertLMHeadModel model, BertWordPieceTokenizer tokenizer) : IAnswerGenerator
{
    public BertLMHeadModel Model { get; } = model;
    public BertWordPieceTokenizer WordPiece { get; } = tokenizer;
    public string ModelType => "bert";
    public ITextTokenizer Tokenizer => WordPiece;
    public nn.Module Module => Model;
    public IPatchableModel Network => Model;
    public long ParameterCount => Model.ParameterCount() + Model.LastFeedForward.Patches.ParameterCount;
    public int MaxNewTokens { get; init; } = 16;
    /// <summary>Questions are short; a shorter context keeps teacher-forced batches and generation cheap.</summary>
    public int MaxPositions => Math.Min(Model.Config.MaxPositionEmbeddings, 64);
    public int MaxPromptTokens => MaxPositions - MaxNewTokens - 1;
    public int PadId => WordPiece.PadId;

    /// <summary>Special tokens typed by a user are text, not structure: they are removed.</summary>
    private static string Text(string userText) =>
        new[] { "[CLS]", "[SEP]", "[PAD]", "[MASK]" }.Aggregate(userText, (t, special) => t.Replace(special, "", StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<int> EncodePromptUntruncated(string prompt) => [WordPiece.ClsId, .. WordPiece.Encode(Text(prompt)), WordPiece.SepId];

    /// <summary>A long question keeps its end (where the subject usually is) between its [CLS] and [SEP].</summary>
    public IReadOnlyList<int> EncodePrompt(string prompt)
    {
        var words = WordPiece.Encode(Text(prompt));
        return [WordPiece.ClsId, .. words.Skip(Math.Max(0, words.Count - (MaxPromptTokens - 2))), WordPiece.SepId];
    }

    public IReadOnlyList<int> EncodeAnswer(string answer) => [.. WordPiece.Encode(Text(answer)), WordPiece.SepId];

    public string[] Generate(IReadOnlyList<string> prompts)
    {
        using var scope = NewDisposeScope();
        Model.eval();
        var encoded = prompts.Select(EncodePrompt).ToList();
        var (ids, mask) = TokenBatch.Pad(encoded, PadId, padLeft: true, Model.Device());
        var output = Model.Generate(ids, mask, MaxNewTokens, WordPiece.SepId);
        return output.Select(o => WordPiece.Decode(o.Select(t => (int)t)).Trim()).ToArray();
    }

    /// <summary>The vocabulary is large (30,522 for MiniLM): the head runs on the answer rows only.</summary>
    public Tensor RowLogits(Tensor ids, Tensor mask, Tensor rows)
    {
        using var hidden = Model.bert.call(ids, mask);                        // (B, T, d)
        using var picked = hidden.reshape(-1, hidden.shape[2]).index_select(0, rows); // (N, d)
        return Model.cls.call(picked);                                        // (N, V)
    }

    public void Save(string directory) => BertCheckpoint.SaveLanguageModel(directory, Model, WordPiece);

    public static BertLanguageModel Load(string directory, Device device) =>
        new(BertCheckpoint.LoadLanguageModel(directory, device), BertWordPieceTokenizer.Load(directory));

    public void Dispose() => Model.Dispose();
}
