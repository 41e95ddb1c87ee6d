namespace PatcherPortal.Engine.Tokenization.HuggingFace;

/// <summary>
/// A tokenizer from Hugging Face's tokenizer.json (the "fast" tokenizer file) with BPE as its model: byte-level
/// BPE (Llama 3, Qwen, GPT-2, RoBERTa) and SentencePiece-style BPE (Llama 2, Mistral, TinyLlama: "▁" for spaces,
/// &lt;0xNN&gt; byte fallback). Added tokens are split out of the text first; a literal special token in the text
/// maps to its id, as in Hugging Face. A RoBERTa-style directory with only vocab.json + merges.txt loads too.
/// </summary>
public sealed class HuggingFaceTokenizer : ISequenceTokenizer, IPromptTokenizer
{
    public const string FileName = "tokenizer.json";

    private readonly TokenizerPipeline pipeline;
    private readonly string tokenizerJson;
    private readonly string? tokenizerConfig;
    private readonly string? generationConfig;

    private HuggingFaceTokenizer(string tokenizerJson, string? tokenizerConfig, string? generationConfig)
    {
        this.tokenizerJson = tokenizerJson;
        this.tokenizerConfig = tokenizerConfig;
        this.generationConfig = generationConfig;
        var root = TokenizerJson.Parse(tokenizerJson, FileName);
        pipeline = TokenizerPipeline.Build(root, TokenizerSettings.Read(tokenizerConfig, generationConfig));
    }

    public int VocabularySize => pipeline.VocabularySize;

    /// <summary>The begin-of-text id (generation_config.json, else tokenizer_config.json's bos_token), if the model has one.</summary>
    public int? BosId => pipeline.BosId;

    /// <summary>The ids that end generation: generation_config.json's eos_token_id (one or several), else the eos_token.</summary>
    public IReadOnlyList<int> EosIds => pipeline.EosIds;

    public int? PadId => pipeline.PadId;

    /// <summary>True when a directory holds tokenizer.json, or vocab.json + merges.txt without it.</summary>
    public static bool CanLoad(string directory) =>
        File.Exists(Path.Combine(directory, FileName)) || ByteLevelBpeFiles.Exist(directory);

    public static HuggingFaceTokenizer Load(string directory)
    {
        var config = ReadIfPresent(directory, TokenizerConfig.FileName);
        var generation = ReadIfPresent(directory, TokenizerSettings.GenerationConfigFile);
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path)) return new(File.ReadAllText(path), config, generation);
        if (ByteLevelBpeFiles.Exist(directory)) return new(ByteLevelBpeFiles.ToTokenizerJson(directory), config, generation);
        throw new FileNotFoundException($"No {FileName} (nor vocab.json + merges.txt) in '{directory}'.", path);
    }

    public static HuggingFaceTokenizer Parse(string tokenizerJson, string? tokenizerConfig = null, string? generationConfig = null) =>
        new(tokenizerJson, tokenizerConfig, generationConfig);

    /// <summary>Reads the vocabulary of a WordPiece tokenizer.json in id order, for BERT directories without vocab.txt.</summary>
    public static (IReadOnlyList<string> Vocabulary, bool? LowerCase)? ReadWordPiece(string directory) =>
        WordPieceFile.Read(directory);

    public IReadOnlyList<int> Encode(string text) => pipeline.Encode(text);

    /// <summary>As Hugging Face's split_special_tokens within the spans a user typed.</summary>
    public IReadOnlyList<int> Encode(PromptText text) => pipeline.Encode(text.Text, text.TouchesTyped);

    /// <summary>The ids with the special tokens the file's post-processor puts around one sequence (e.g. BOS).</summary>
    public IReadOnlyList<int> EncodeWithSpecialTokens(string text) => pipeline.AddSpecialTokens(pipeline.Encode(text));

    public int FramingTokens => pipeline.AddSpecialTokens([]).Count;

    public IReadOnlyList<int> EncodeForModel(string text, int maxLength) =>
        pipeline.AddSpecialTokens(pipeline.Encode(text).Take(Math.Max(0, maxLength - FramingTokens)).ToList());

    public string Decode(IEnumerable<int> ids) => pipeline.Decode(ids, skipSpecialTokens: true);

    public string DecodeWithSpecialTokens(IEnumerable<int> ids) => pipeline.Decode(ids, skipSpecialTokens: false);

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        Checkpoints.AtomicFile.WriteAllText(Path.Combine(directory, FileName), tokenizerJson);
        if (tokenizerConfig is not null)
            Checkpoints.AtomicFile.WriteAllText(Path.Combine(directory, TokenizerConfig.FileName), tokenizerConfig);
        if (generationConfig is not null && !File.Exists(Path.Combine(directory, TokenizerSettings.GenerationConfigFile)))
            Checkpoints.AtomicFile.WriteAllText(Path.Combine(directory, TokenizerSettings.GenerationConfigFile), generationConfig);
    }

    private static string? ReadIfPresent(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}
