using System.Text;
using Microsoft.ML.Tokenizers;

namespace PatcherPortal.Engine.Tokenization.HuggingFace;

/// <summary>
/// tokenizer.json's BPE model for one pre-tokenized piece. The merges run in Microsoft.ML.Tokenizers'
/// <see cref="BpeTokenizer"/>; this class adds what Hugging Face's model does around them: SentencePiece's byte
/// fallback (a character missing from the vocabulary becomes its UTF-8 bytes as &lt;0xNN&gt; tokens), the unknown
/// token, and Llama 3's ignore_merges (a piece that is itself in the vocabulary is one token).
/// </summary>
internal sealed class BpeModel
{
    private readonly IReadOnlyDictionary<string, int> vocabulary;
    private readonly BpeTokenizer bpe;
    private readonly bool byteFallback;
    private readonly bool ignoreMerges;
    private readonly bool fuseUnknown;
    private readonly int? unknownId;

    public BpeModel(IReadOnlyDictionary<string, int> vocabulary, IEnumerable<(string Left, string Right)> merges,
        string? unknownToken, bool byteFallback, bool fuseUnknown, bool ignoreMerges)
    {
        this.vocabulary = vocabulary;
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        this.fuseUnknown = fuseUnknown;
        if (unknownToken is not null && vocabulary.TryGetValue(unknownToken, out var unk)) unknownId = unk;
        bpe = BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = merges.Select(m => $"{m.Left} {m.Right}"),
            PreTokenizer = new WholeText(),
        });
    }

    public void Encode(string piece, List<int> ids)
    {
        if (piece.Length == 0) return;
        if (ignoreMerges && vocabulary.TryGetValue(piece, out var whole))
        {
            ids.Add(whole);
            return;
        }
        var known = new StringBuilder();
        var lastWasUnknown = false;
        foreach (var rune in piece.EnumerateRunes())
        {
            var symbol = rune.ToString();
            if (vocabulary.ContainsKey(symbol))
            {
                known.Append(symbol);
                lastWasUnknown = false;
                continue;
            }
            Flush();
            if (byteFallback && TryBytes(rune, out var bytes))
            {
                ids.AddRange(bytes);
                lastWasUnknown = false;
            }
            else if (unknownId is { } unk && !(fuseUnknown && lastWasUnknown))
            {
                ids.Add(unk);
                lastWasUnknown = true;
            }
        }
        Flush();

        void Flush()
        {
            if (known.Length == 0) return;
            ids.AddRange(bpe.EncodeToIds(known.ToString(), considerPreTokenization: true, considerNormalization: false));
            known.Clear();
        }
    }

    private bool TryBytes(Rune rune, out List<int> ids)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var count = rune.EncodeToUtf8(utf8);
        ids = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            if (!vocabulary.TryGetValue(ByteToken.Of(utf8[i]), out var id)) return false;
            ids.Add(id);
        }
        return true;
    }

    /// <summary>The piece is already split: BPE sees it whole.</summary>
    private sealed class WholeText : PreTokenizer
    {
        public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => [(0, text.Length)];

        public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => [(0, text.Length)];
    }
}
