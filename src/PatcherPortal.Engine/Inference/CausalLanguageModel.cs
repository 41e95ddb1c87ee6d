using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Models;
using PatcherPortal.Engine.Models.Gpt2;
using PatcherPortal.Engine.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Inference;

/// <summary>
/// A GPT-2 answering by continuation: the prompt is the question, the answer follows after a space and ends with
/// the end-of-text token. Greedy decoding, as the paper evaluates generation.
/// </summary>
public sealed class CausalLanguageModel(Gpt2LMHeadModel model, Gpt2Tokenizer tokenizer) : IAnswerGenerator
{
    public Gpt2LMHeadModel Model { get; } = model;
    public Gpt2Tokenizer Bpe { get; } = tokenizer;
    public string ModelType => "gpt2";
    public ITextTokenizer Tokenizer => Bpe;
    public nn.Module Module => Model;
    public IPatchableModel Network => Model;
    public int MaxPositions => Model.Config.NPositions;
    public int PadId => Bpe.EndOfTextId;
    public long ParameterCount => Model.ParameterCount() + Model.LastFeedForward.Patches.ParameterCount;
    public int MaxNewTokens { get; init; } = 16;

    public int MaxPromptTokens => Model.Config.NPositions - MaxNewTokens - 1;

    /// <summary>User text must not smuggle in the end-of-text token, which would end the prompt or answer early.</summary>
    private static string Text(string userText) => userText.Replace(Gpt2Tokenizer.EndOfText, "", StringComparison.Ordinal);

    public IReadOnlyList<int> EncodePromptUntruncated(string prompt) => Bpe.Encode(Text(prompt).TrimEnd());

    public IReadOnlyList<int> EncodeAnswer(string answer) => [.. Bpe.Encode(" " + Text(answer).Trim()), Bpe.EndOfTextId];

    public string[] Generate(IReadOnlyList<string> prompts)
    {
        using var scope = NewDisposeScope();
        Model.eval();
        var (ids, mask) = TokenBatch.Pad(prompts.Select(((IAnswerGenerator)this).EncodePrompt).ToList(), Bpe.EndOfTextId, padLeft: true, Model.Device());
        var output = Model.Generate(ids, mask, MaxNewTokens, Bpe.EndOfTextId);
        return output.Select(o => Bpe.Decode(o.Select(t => (int)t)).Trim()).ToArray();
    }

    public Tensor RowLogits(Tensor ids, Tensor mask, Tensor rows)
    {
        using var logits = Model.call(ids, mask);                           // (B, T, V)
        return logits.reshape(-1, logits.shape[2]).index_select(0, rows);  // (N, V)
    }

    public void Save(string directory) => Gpt2Checkpoint.Save(directory, Model, Bpe);

    public static CausalLanguageModel Load(string directory, Device device) =>
        new(Gpt2Checkpoint.Load(directory, device), Gpt2Tokenizer.Load(directory));

    public void Dispose() => Model.Dispose();
}
