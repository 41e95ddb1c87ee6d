using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static PatcherPortal.Engine.Tokenization.HuggingFace.TokenizerJson;

namespace PatcherPortal.Engine.Tokenization.HuggingFace;

/// <summary>
/// tokenizer.json's "pre_tokenizer": splits normalized text into the pieces BPE sees (never merged across).
/// The flag tells whether the text is the first piece of the input, for Metaspace's prepend_scheme "first".
/// </summary>
internal delegate IEnumerable<string> PreTokenize(string text, bool first);

internal static class PreTokenizerChain
{
    public static PreTokenize Read(JsonNode? node)
    {
        if (node is null) return (text, _) => [text];
        var type = Type(node, "pre_tokenizer");
        switch (type)
        {
            case "Sequence":
                var steps = Items(node, "pretokenizers").Select(Read).ToArray();
                return (text, first) => steps.Aggregate<PreTokenize, IEnumerable<string>>([text],
                    (pieces, step) => pieces.SelectMany((piece, i) => step(piece, first && i == 0)).ToList());
            case "Split":
                return Split(node);
            case "ByteLevel":
                var prefixSpace = Bool(node, "add_prefix_space", false);
                var useRegex = Bool(node, "use_regex", true);
                return (text, _) =>
                {
                    if (prefixSpace && !text.StartsWith(' ')) text = " " + text;
                    var pieces = useRegex ? Isolate(Gpt2PreTokenizer.Regex(), text) : [text];
                    return pieces.Select(ByteLevelAlphabet.Encode);
                };
            case "Metaspace":
                return Metaspace(node);
            case "Digits":
                var digits = new Regex(Bool(node, "individual_digits", false) ? @"\p{Nd}" : @"\p{Nd}+", RegexOptions.CultureInvariant);
                return (text, _) => Isolate(digits, text);
            default:
                throw Unsupported("pre_tokenizer", type);
        }
    }

    private static PreTokenize Split(JsonNode node)
    {
        var pattern = TextPattern.Read(node["pattern"], "Split pre_tokenizer");
        var behavior = String(node, "behavior", "Isolated");
        if (Bool(node, "invert", false) || behavior is not ("Isolated" or "Removed"))
            throw Unsupported("pre_tokenizer", $"Split (behavior {behavior}{(Bool(node, "invert", false) ? ", inverted" : "")})");
        return behavior == "Removed"
            ? (text, _) => pattern.Split(text).Where(piece => piece.Length > 0)
            : (text, _) => Isolate(pattern, text);
    }

    private static PreTokenize Metaspace(JsonNode node)
    {
        var replacement = String(node, "replacement", "▁");
        var scheme = String(node, "prepend_scheme", Bool(node, "add_prefix_space", true) ? "always" : "never");
        var split = Bool(node, "split", true);
        return (text, first) =>
        {
            text = text.Replace(" ", replacement, StringComparison.Ordinal);
            if ((scheme == "always" || (scheme == "first" && first)) && !text.StartsWith(replacement, StringComparison.Ordinal))
                text = replacement + text;
            if (!split) return [text];
            var pieces = text.Split(replacement);
            return pieces.Select((piece, i) => i == 0 ? piece : replacement + piece).Where(piece => piece.Length > 0);
        };
    }

    /// <summary>Matches and the text between them, in order, each as its own piece.</summary>
    public static List<string> Isolate(Regex pattern, string text)
    {
        var pieces = new List<string>();
        var at = 0;
        foreach (var match in pattern.EnumerateMatches(text))
        {
            if (match.Length == 0) continue;
            if (match.Index > at) pieces.Add(text[at..match.Index]);
            pieces.Add(text.Substring(match.Index, match.Length));
            at = match.Index + match.Length;
        }
        if (at < text.Length) pieces.Add(text[at..]);
        return pieces;
    }
}
