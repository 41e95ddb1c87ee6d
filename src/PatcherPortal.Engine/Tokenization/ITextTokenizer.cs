namespace PatcherPortal.Engine.Tokenization;

public interface ITextTokenizer
{
    /// <summary>Encodes text to token ids; no special tokens are added.</summary>
    IReadOnlyList<int> Encode(string text);

    /// <summary>Decodes token ids to text; special tokens are skipped.</summary>
    string Decode(IEnumerable<int> ids);

    int VocabularySize { get; }

    /// <summary>Writes the Hugging Face tokenizer files into <paramref name="directory"/>.</summary>
    void Save(string directory);
}
