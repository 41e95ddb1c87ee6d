using System.Text.Json.Nodes;
using static PatcherPortal.Engine.Tokenization.HuggingFace.TokenizerJson;

namespace PatcherPortal.Engine.Tokenization.HuggingFace;

/// <summary>One entry of tokenizer.json's "added_tokens": matched in the raw text before the model, never merged.</summary>
internal sealed record AddedToken(int Id, string Content, bool Special, bool LeftStrip, bool RightStrip);

/// <summary>Splits text around added tokens, the longest match first at the leftmost position.</summary>
internal sealed class AddedTokens
{
    private readonly Dictionary<char, AddedToken[]> byFirstChar;

    public AddedTokens(IEnumerable<AddedToken> tokens)
    {
        All = tokens.ToList();
        byFirstChar = All.Where(t => t.Content.Length > 0).GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
    }

    public IReadOnlyList<AddedToken> All { get; }

    public static AddedTokens Read(JsonNode root) => new(Items(root, "added_tokens").Select(node =>
    {
        var content = String(node, "content");
        if (Bool(node, "single_word", false))
            throw new InvalidDataException($"tokenizer.json: the added token \"{content}\" is single_word, which is not supported.");
        return new AddedToken(Int(node, "id", -1), content, Bool(node, "special", false), Bool(node, "lstrip", false), Bool(node, "rstrip", false));
    }));

    /// <summary>The text in order: plain runs (Token null) and added tokens; lstrip/rstrip trim the neighbouring runs.</summary>
    /// <param name="plainSpecial">Where a special token is read as plain text (start, length): in what a user typed.</param>
    public List<(string Text, AddedToken? Token)> Split(string text, Func<int, int, bool>? plainSpecial = null)
    {
        var parts = new List<(string Text, AddedToken? Token)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (Match(text, i, plainSpecial) is not { } token) continue;
            parts.Add((text[start..i], null));
            parts.Add((token.Content, token));
            i += token.Content.Length - 1;
            start = i + 1;
        }
        parts.Add((text[start..], null));
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].Token is not { } token) continue;
            if (token.LeftStrip) parts[i - 1] = (parts[i - 1].Text.TrimEnd(), null);
            if (token.RightStrip) parts[i + 1] = (parts[i + 1].Text.TrimStart(), null);
        }
        return parts.Where(p => p.Token is not null || p.Text.Length > 0).ToList();
    }

    private AddedToken? Match(string text, int at, Func<int, int, bool>? plainSpecial) =>
        byFirstChar.TryGetValue(text[at], out var candidates)
            ? candidates.FirstOrDefault(t => string.CompareOrdinal(text, at, t.Content, 0, t.Content.Length) == 0
                && !(t.Special && plainSpecial?.Invoke(at, t.Content.Length) == true))
            : null;
}
