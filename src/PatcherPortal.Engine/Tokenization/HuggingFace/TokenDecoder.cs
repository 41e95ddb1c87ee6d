using System.Text;
using System.Text.Json.Nodes;
using static PatcherPortal.Engine.Tokenization.HuggingFace.TokenizerJson;

namespace PatcherPortal.Engine.Tokenization.HuggingFace;

/// <summary>tokenizer.json's "decoder": turns the token strings back into text, step by step.</summary>
internal static class TokenDecoder
{
    /// <param name="addedTokens">Added tokens are text already: the byte-level decoder leaves them as they are.</param>
    public static Func<List<string>, List<string>> Read(JsonNode? node, IReadOnlySet<string> addedTokens)
    {
        if (node is null) return tokens => tokens;
        var type = Type(node, "decoder");
        switch (type)
        {
            case "Sequence":
                var steps = Items(node, "decoders").Select(step => Read(step, addedTokens)).ToArray();
                return tokens => steps.Aggregate(tokens, (current, step) => step(current));
            case "ByteLevel":
                return tokens => ByteLevel(tokens, addedTokens);
            case "Replace":
                var pattern = TextPattern.Read(node["pattern"], "Replace decoder");
                var content = String(node, "content");
                return tokens => tokens.Select(token => pattern.Replace(token, content.Replace("$", "$$"))).ToList();
            case "ByteFallback":
                return ByteFallback;
            case "Fuse":
                return tokens => [string.Concat(tokens)];
            case "Strip":
                var (character, start, stop) = (String(node, "content", " "), Int(node, "start", 0), Int(node, "stop", 0));
                return tokens => tokens.Select(token => Strip(token, character, start, stop)).ToList();
            case "Metaspace":
                var replacement = String(node, "replacement", "▁");
                var prefixed = String(node, "prepend_scheme", Bool(node, "add_prefix_space", true) ? "always" : "never") != "never";
                return tokens => tokens.Select((token, i) =>
                {
                    var text = token.Replace(replacement, " ", StringComparison.Ordinal);
                    return prefixed && i == 0 && text.StartsWith(' ') ? text[1..] : text;
                }).ToList();
            default:
                throw Unsupported("decoder", type);
        }
    }

    private static List<string> ByteLevel(List<string> tokens, IReadOnlySet<string> addedTokens)
    {
        var text = new ByteRuns();
        foreach (var token in tokens)
        {
            if (addedTokens.Contains(token))
            {
                text.AddText(token);
                continue;
            }
            foreach (var symbol in token)
                if (ByteLevelAlphabet.TryByteOf(symbol, out var value)) text.AddByte(value);
        }
        return text.Pieces();
    }

    /// <summary>Runs of &lt;0xNN&gt; tokens become the UTF-8 text of their bytes (invalid bytes become U+FFFD).</summary>
    private static List<string> ByteFallback(List<string> tokens)
    {
        var text = new ByteRuns();
        foreach (var token in tokens)
        {
            if (ByteToken.TryParse(token, out var value)) text.AddByte(value);
            else text.AddText(token);
        }
        return text.Pieces();
    }

    /// <summary>Text pieces, with consecutive bytes decoded together as UTF-8.</summary>
    private sealed class ByteRuns
    {
        private readonly List<string> pieces = [];
        private readonly List<byte> bytes = [];

        public void AddByte(byte value) => bytes.Add(value);

        public void AddText(string text)
        {
            Flush();
            pieces.Add(text);
        }

        public List<string> Pieces()
        {
            Flush();
            return pieces;
        }

        private void Flush()
        {
            if (bytes.Count == 0) return;
            pieces.Add(Encoding.UTF8.GetString(bytes.ToArray()));
            bytes.Clear();
        }
    }

    private static string Strip(string token, string character, int start, int stop)
    {
        var (from, to) = (0, token.Length);
        for (var i = 0; i < start && from < to && token[from..].StartsWith(character, StringComparison.Ordinal); i++) from += character.Length;
        for (var i = 0; i < stop && to > from && token[..to].EndsWith(character, StringComparison.Ordinal); i++) to -= character.Length;
        return token[from..to];
    }
}
