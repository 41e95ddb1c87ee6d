using Microsoft.ML.Tokenizers;

namespace PatcherPortal.Engine.Tokenization;

/// <summary>
/// GPT-2 byte-level BPE tokenizer over Hugging Face <c>vocab.json</c> + <c>merges.txt</c>.
/// Encoding is delegated to <see cref="BpeTokenizer"/> in byte-level mode with GPT-2's pre-tokenization regex,
/// which reproduces real GPT-2 ids exactly.
/// </summary>
public sealed class Gpt2Tokenizer : IPromptTokenizer
{
    public const string EndOfText = "<|endoftext|>";

    private readonly Dictionary<string, int> _vocabulary;
    private readonly List<(string Left, string Right)> _merges;
    private readonly BpeTokenizer _bpe;
    private readonly Lazy<BpeTokenizer> _plainBpe;

    internal Gpt2Tokenizer(Dictionary<string, int> vocabulary, List<(string Left, string Right)> merges)
    {
        _vocabulary = vocabulary;
        _merges = merges;
        EndOfTextId = vocabulary[EndOfText];
        VocabularySize = vocabulary.Values.Max() + 1;

        var specialTokens = new Dictionary<string, int> { [EndOfText] = EndOfTextId };
        _bpe = Create(specialTokens);
        _plainBpe = new(() => Create(null));
    }

    private BpeTokenizer Create(Dictionary<string, int>? specialTokens) => BpeTokenizer.Create(new BpeOptions(_vocabulary)
    {
        Merges = _merges.Select(m => $"{m.Left} {m.Right}"),
        ByteLevel = true,
        // Without an explicit pre-tokenizer BpeTokenizer splits on whitespace, which is not GPT-2's behaviour.
        PreTokenizer = new RegexPreTokenizer(Gpt2PreTokenizer.Regex(), specialTokens),
        SpecialTokens = specialTokens,
    });

    public int EndOfTextId { get; }

    /// <summary>Highest id + 1, i.e. the embedding rows a model needs.</summary>
    public int VocabularySize { get; }

    public IReadOnlyList<(string Left, string Right)> Merges => _merges;

    /// <remarks>A directory with tokenizer.json and no vocab.json loads from tokenizer.json's byte-level BPE model.</remarks>
    public static Gpt2Tokenizer Load(string directory)
    {
        if (!File.Exists(Path.Combine(directory, Gpt2TokenizerFiles.VocabFile)) && HuggingFace.Gpt2TokenizerJson.Exists(directory))
        {
            var (fromJson, jsonMerges) = HuggingFace.Gpt2TokenizerJson.Read(directory);
            return new Gpt2Tokenizer(fromJson, jsonMerges);
        }
        var vocabulary = Gpt2TokenizerFiles.ReadVocabulary(directory);
        var merges = Gpt2TokenizerFiles.ReadMerges(directory, vocabulary);
        return new Gpt2Tokenizer(vocabulary, merges);
    }

    public void Save(string directory) => Gpt2TokenizerFiles.Write(directory, _vocabulary, _merges);

    /// <remarks>A literal "&lt;|endoftext|&gt;" in the text maps to <see cref="EndOfTextId"/>, as in Hugging Face GPT-2.</remarks>
    public IReadOnlyList<int> Encode(string text) => _bpe.EncodeToIds(text);

    /// <summary>A "&lt;|endoftext|&gt;" the user typed is plain text; one of the text around it is the end-of-text token.</summary>
    public IReadOnlyList<int> Encode(PromptText text)
    {
        var ids = new List<int>();
        var start = 0;
        for (var at = text.Text.IndexOf(EndOfText, StringComparison.Ordinal); at >= 0; at = text.Text.IndexOf(EndOfText, at + 1, StringComparison.Ordinal))
        {
            if (at < start || text.TouchesTyped(at, EndOfText.Length)) continue;
            ids.AddRange(_plainBpe.Value.EncodeToIds(text.Text[start..at]));
            ids.Add(EndOfTextId);
            start = at + EndOfText.Length;
        }
        ids.AddRange(_plainBpe.Value.EncodeToIds(text.Text[start..]));
        return ids;
    }

    /// <remarks>Special tokens and ids outside the vocabulary are skipped.</remarks>
    public string Decode(IEnumerable<int> ids) => _bpe.Decode(ids, considerSpecialTokens: false);
}
