using System.Text.Json.Nodes;

namespace PatcherPortal.Engine.Tokenization.HuggingFace;

/// <summary>Hugging Face's encoding order: added tokens, normalizer, pre-tokenizer, model; and decoding back.</summary>
internal sealed class TokenizerPipeline
{
    private readonly AddedTokens added;
    private readonly Func<string, string>? normalize;
    private readonly PreTokenize preTokenize;
    private readonly BpeModel model;
    private readonly PostProcessor postProcessor;
    private readonly Func<List<string>, List<string>>? decoder;
    private readonly string?[] tokens;
    private readonly HashSet<int> specialIds;
    private readonly bool cleanUpSpaces;

    private TokenizerPipeline(JsonNode root, TokenizerSettings settings)
    {
        var (vocabulary, bpe) = BpeModelFile.Read(root["model"]);
        model = bpe;
        added = AddedTokens.Read(root);
        normalize = TextNormalizer.Read(root["normalizer"]);
        preTokenize = PreTokenizerChain.Read(root["pre_tokenizer"]);
        var addedContents = added.All.Select(t => t.Content).ToHashSet(StringComparer.Ordinal);
        decoder = root["decoder"] is { } decoderNode ? TokenDecoder.Read(decoderNode, addedContents) : null;

        VocabularySize = Math.Max(vocabulary.Values.DefaultIfEmpty(-1).Max(), added.All.Select(t => t.Id).DefaultIfEmpty(-1).Max()) + 1;
        tokens = new string?[VocabularySize];
        foreach (var (token, id) in vocabulary) tokens[id] = token;
        foreach (var token in added.All) tokens[token.Id] = token.Content;
        var idOf = added.All.ToDictionary(t => t.Content, t => t.Id, StringComparer.Ordinal);
        foreach (var (token, id) in vocabulary) idOf.TryAdd(token, id);

        postProcessor = PostProcessor.Read(root["post_processor"], name => idOf.TryGetValue(name, out var id) ? id
            : throw new InvalidDataException($"tokenizer.json: the post-processor's token \"{name}\" is not in the vocabulary."));
        specialIds = added.All.Where(t => t.Special).Select(t => t.Id)
            .Concat(settings.AdditionalSpecialTokens.Select(t => idOf.GetValueOrDefault(t, -1))).ToHashSet();
        cleanUpSpaces = settings.CleanUpSpaces;
        int? Id(string? token) => token is not null && idOf.TryGetValue(token, out var id) ? id : null;
        BosId = settings.BosId ?? Id(settings.BosToken);
        EosIds = settings.EosIds.Count > 0 ? settings.EosIds : Id(settings.EosToken) is { } eos ? [eos] : [];
        PadId = settings.PadId ?? Id(settings.PadToken);
    }

    public int VocabularySize { get; }
    public int? BosId { get; }
    public IReadOnlyList<int> EosIds { get; }
    public int? PadId { get; }

    public static TokenizerPipeline Build(JsonNode root, TokenizerSettings settings) => new(root, settings);

    /// <param name="plainSpecial">Where a special token is read as plain text (start, length).</param>
    public IReadOnlyList<int> Encode(string text, Func<int, int, bool>? plainSpecial = null)
    {
        var ids = new List<int>();
        var parts = added.Split(text, plainSpecial);
        for (var i = 0; i < parts.Count; i++)
        {
            var (piece, token) = parts[i];
            if (token is not null)
            {
                ids.Add(token.Id);
                continue;
            }
            var normalized = normalize is null ? piece : normalize(piece);
            if (normalized.Length == 0) continue;
            foreach (var word in preTokenize(normalized, i == 0))
                model.Encode(word, ids);
        }
        return ids;
    }

    public IReadOnlyList<int> AddSpecialTokens(IReadOnlyList<int> ids) => [.. postProcessor.Before, .. ids, .. postProcessor.After];

    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens)
    {
        var pieces = ids
            .Where(id => id >= 0 && id < tokens.Length && tokens[id] is not null && !(skipSpecialTokens && specialIds.Contains(id)))
            .Select(id => tokens[id]!).ToList();
        var text = decoder is null ? string.Join(' ', pieces) : string.Concat(decoder(pieces));
        return cleanUpSpaces ? CleanUp(text) : text;
    }

    /// <summary>Hugging Face's clean_up_tokenization: no space before . ? ! , and English contractions.</summary>
    private static string CleanUp(string text) => text
        .Replace(" .", ".").Replace(" ?", "?").Replace(" !", "!").Replace(" ,", ",").Replace(" ' ", "'")
        .Replace(" n't", "n't").Replace(" 'm", "'m").Replace(" 's", "'s").Replace(" 've", "'ve").Replace(" 're", "'re");
}
