using System.Text.Json.Nodes;
using static PatcherPortal.Engine.Tokenization.HuggingFace.TokenizerJson;

namespace PatcherPortal.Engine.Tokenization.HuggingFace;

/// <summary>tokenizer.json's "post_processor" for one sequence: the special ids that go before and after it.</summary>
internal sealed record PostProcessor(IReadOnlyList<int> Before, IReadOnlyList<int> After)
{
    public static PostProcessor None { get; } = new([], []);

    public static PostProcessor Read(JsonNode? node, Func<string, int> idOf)
    {
        if (node is null) return None;
        var type = Type(node, "post_processor");
        switch (type)
        {
            case "ByteLevel":
                return None;
            case "Sequence":
                return Items(node, "processors").Select(p => Read(p, idOf))
                    .Aggregate(None, (all, p) => new PostProcessor([.. all.Before, .. p.Before], [.. p.After, .. all.After]));
            case "RobertaProcessing" or "BertProcessing":
                return new([SpecialId(node["cls"], idOf)], [SpecialId(node["sep"], idOf)]);
            case "TemplateProcessing":
                var before = new List<int>();
                var after = new List<int>();
                var seen = false;
                foreach (var piece in Items(node, "single"))
                {
                    if (piece["Sequence"] is not null) { seen = true; continue; }
                    var name = piece["SpecialToken"]?["id"]?.GetValue<string>()
                        ?? throw new InvalidDataException("tokenizer.json: a TemplateProcessing piece is neither a Sequence nor a SpecialToken.");
                    var ids = Items(node["special_tokens"]?[name] ?? new JsonObject(), "ids").Select(id => id.GetValue<int>()).ToList();
                    (seen ? after : before).AddRange(ids.Count > 0 ? ids : [idOf(name)]);
                }
                return new(before, after);
            default:
                throw Unsupported("post_processor", type);
        }
    }

    /// <summary>BertProcessing / RobertaProcessing store each special token as [token, id].</summary>
    private static int SpecialId(JsonNode? pair, Func<string, int> idOf) =>
        pair is JsonArray { Count: 2 } array ? array[1]!.GetValue<int>() : idOf(pair?.GetValue<string>() ?? "");
}
