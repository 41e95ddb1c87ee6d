using Microsoft.ML.Tokenizers;

namespace PatcherPortal.Engine.Tokenization;

/// <summary>BERT's WordPiece tokenizer from a Hugging Face vocab.txt, adding [CLS] ... [SEP] for the encoder.</summary>
public sealed class BertWordPieceTokenizer : ISequenceTokenizer
{
    public const string VocabularyFile = "vocab.txt";
    private readonly string[] vocabulary;
    private readonly BertTokenizer tokenizer;

    private BertTokenizer Tokenizer => tokenizer;

    private BertWordPieceTokenizer(string[] vocabulary, bool lowerCase)
    {
        this.vocabulary = vocabulary;
        LowerCase = lowerCase;
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', vocabulary) + "\n"));
        tokenizer = BertTokenizer.Create(stream, new BertOptions { LowerCaseBeforeTokenization = lowerCase, RemoveNonSpacingMarks = lowerCase });
    }

    public bool LowerCase { get; }
    public int VocabularySize => vocabulary.Length;
    public int ClsId => tokenizer.ClassificationTokenId;
    public int SepId => tokenizer.SeparatorTokenId;
    public int PadId => tokenizer.PaddingTokenId;
    public int FramingTokens => 2;

    public static BertWordPieceTokenizer FromVocabulary(IEnumerable<string> vocabulary, bool lowerCase = true) =>
        new(vocabulary.ToArray(), lowerCase);

    public static BertWordPieceTokenizer Load(string directory)
    {
        var path = Path.Combine(directory, VocabularyFile);
        if (!File.Exists(path) && HuggingFace.HuggingFaceTokenizer.ReadWordPiece(directory) is var (fromJson, lowerCaseInJson))
            return new(fromJson.ToArray(), TokenizerConfig.ReadLowerCase(directory) ?? lowerCaseInJson ?? true);
        if (!File.Exists(path)) throw new FileNotFoundException($"The BERT tokenizer needs {path} (or a WordPiece tokenizer.json).", path);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || !lines.Contains("[CLS]") || !lines.Contains("[SEP]") || !lines.Contains("[UNK]"))
            throw new InvalidDataException($"{path} is not a BERT WordPiece vocabulary (it lacks [CLS], [SEP] or [UNK]).");
        return new(lines, TokenizerConfig.ReadLowerCase(directory) ?? true);
    }

    public IReadOnlyList<int> Encode(string text) => Tokenizer.EncodeToIds(text, addSpecialTokens: false);

    /// <summary>[CLS] tokens [SEP], truncated to <paramref name="maxLength"/>.</summary>
    public IReadOnlyList<int> EncodeForModel(string text, int maxLength)
    {
        var ids = Encode(text);
        var body = ids.Take(Math.Max(0, maxLength - 2));
        return [ClsId, .. body, SepId];
    }

    public string Decode(IEnumerable<int> ids) => Tokenizer.Decode(ids, skipSpecialTokens: true) ?? "";

    public void Save(string directory)
    {
        Checkpoints.AtomicFile.Write(Path.Combine(directory, VocabularyFile), temporary => File.WriteAllLines(temporary, vocabulary));
        TokenizerConfig.Write(directory, new() { ["tokenizer_class"] = "BertTokenizer", ["do_lower_case"] = LowerCase });
    }
}
