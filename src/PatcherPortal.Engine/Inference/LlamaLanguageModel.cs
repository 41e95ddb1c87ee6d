using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Models;
using PatcherPortal.Engine.Models.Llama;
using PatcherPortal.Engine.Tokenization;
using PatcherPortal.Engine.Tokenization.HuggingFace;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Inference;

/// <summary>
/// A Llama-family decoder answering by continuation of its prompt template: the answer follows after a space and ends
/// with the first of its generation_config.json end tokens (generation stops at any of them). Greedy decoding.
/// </summary>
public sealed class LlamaLanguageModel(LlamaForCausalLM model, IPromptTokenizer tokenizer, GenerationTokens tokens, PromptTemplate template) : IAnswerGenerator
{
    public LlamaForCausalLM Model { get; } = model;
    public GenerationTokens Tokens { get; } = tokens;
    public PromptTemplate Template { get; } = template;
    /// <summary>Whether a prompt starts with the begin-of-sequence token (tokenizer_config.json's add_bos_token).</summary>
    public bool AddBosToken { get; init; }
    public string ModelType => Model.Config.ModelType;
    public IPromptTokenizer PromptTokenizer { get; } = tokenizer;
    public ITextTokenizer Tokenizer => PromptTokenizer;
    public nn.Module Module => Model;
    public IPatchableModel Network => Model;
    /// <summary>Questions and answers are short: teacher-forced batches need not span a long-context model's window.</summary>
    public int MaxPositions => Math.Min(Model.Config.MaxPositionEmbeddings, 1024);
    public int PadId => Tokens.PadTokenId;
    public long ParameterCount => Model.ParameterCount() + Model.LastFeedForward.Patches.ParameterCount;
    public int MaxNewTokens { get; init; } = 16;
    public int MaxPromptTokens => MaxPositions - MaxNewTokens - 1;

    public IReadOnlyList<int> EncodePromptUntruncated(string prompt)
    {
        var ids = PromptTokenizer.Encode(Template.Frame(prompt));
        return AddBosToken && Tokens.BosTokenId is { } bos ? [bos, .. ids] : ids;
    }

    /// <summary>A correction's answer is typed by a user: a special token written in it is plain text.</summary>
    public IReadOnlyList<int> EncodeAnswer(string answer) => [.. PromptTokenizer.Encode(PromptText.TypedByUser(" " + answer.Trim())), (int)Tokens.EndTokenIds[0]];

    public string[] Generate(IReadOnlyList<string> prompts)
    {
        using var scope = NewDisposeScope();
        Model.eval();
        var (ids, mask) = TokenBatch.Pad(prompts.Select(((IAnswerGenerator)this).EncodePrompt).ToList(), PadId, padLeft: true, Model.Device());
        var output = Model.Generate(ids, mask, MaxNewTokens, Tokens.EndTokenIds);
        return output.Select(o => Tokenizer.Decode(o.Select(t => (int)t)).Trim()).ToArray();
    }

    /// <summary>The vocabulary is large (151,936 for Qwen): the head runs on the answer rows only.</summary>
    public Tensor RowLogits(Tensor ids, Tensor mask, Tensor rows)
    {
        using var hidden = Model.model.call(ids, mask);                               // (B, T, d)
        using var picked = hidden.reshape(-1, hidden.shape[2]).index_select(0, rows);  // (N, d)
        return Model.lm_head.call(picked);                                             // (N, V)
    }

    public void Save(string directory) => Save(directory, null);

    public void Save(string directory, WeightLayout? layout)
    {
        LlamaCheckpoint.Save(directory, Model, Tokenizer, layout);
        GenerationConfigFile.Write(directory, Tokens);
        Template.Write(directory);
    }

    public static LlamaLanguageModel Load(string directory, Device device)
    {
        var (_, config) = ModelConfigFile.Read(directory);
        var tokens = GenerationConfigFile.Read(directory, config);
        var template = PromptTemplate.Read(directory);
        var tokenizer = LoadTokenizer(directory);
        return new LlamaLanguageModel(LlamaCheckpoint.Load(directory, device), tokenizer, tokens, template)
        {
            AddBosToken = TokenizerConfig.ReadAddBosToken(directory) ?? false,
        };
    }

    /// <summary>The directory's tokenizer.json (byte-level or SentencePiece-style BPE), else vocab.json + merges.txt.</summary>
    private static IPromptTokenizer LoadTokenizer(string directory) =>
        File.Exists(Path.Combine(directory, HuggingFaceTokenizer.FileName)) ? HuggingFaceTokenizer.Load(directory) : Gpt2Tokenizer.Load(directory);

    public void Dispose() => Model.Dispose();
}
