using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using static PatcherPortal.Engine.Tokenization.HuggingFace.TokenizerJson;

namespace PatcherPortal.Engine.Tokenization.HuggingFace;

/// <summary>tokenizer.json's "normalizer": applied to each piece of text between added tokens, before splitting.</summary>
internal static class TextNormalizer
{
    public static Func<string, string>? Read(JsonNode? node)
    {
        if (node is null) return null;
        var type = Type(node, "normalizer");
        switch (type)
        {
            case "Sequence":
                var steps = Items(node, "normalizers").Select(Read).OfType<Func<string, string>>().ToArray();
                return text => steps.Aggregate(text, (current, step) => step(current));
            case "NFC": return text => text.Normalize(NormalizationForm.FormC);
            case "NFD": return text => text.Normalize(NormalizationForm.FormD);
            case "NFKC": return text => text.Normalize(NormalizationForm.FormKC);
            case "NFKD": return text => text.Normalize(NormalizationForm.FormKD);
            case "Lowercase": return text => text.ToLower(CultureInfo.InvariantCulture);
            case "Prepend":
                var prefix = String(node, "prepend");
                return text => text.Length == 0 ? text : prefix + text;
            case "Replace":
                var pattern = TextPattern.Read(node["pattern"], "Replace normalizer");
                var content = String(node, "content");
                return text => pattern.Replace(text, content.Replace("$", "$$"));
            case "Strip":
                var (left, right) = (Bool(node, "strip_left", true), Bool(node, "strip_right", true));
                return text => right ? (left ? text.Trim() : text.TrimEnd()) : left ? text.TrimStart() : text;
            default:
                throw Unsupported("normalizer", type);
        }
    }
}
