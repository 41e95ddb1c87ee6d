using System.Text.Json.Nodes;

namespace PatcherPortal.Engine.Tokenization.HuggingFace;

/// <summary>
/// The older byte-level layout (RoBERTa, GPT-2): vocab.json + merges.txt, read as the tokenizer.json Hugging Face
/// would convert them to: byte-level pre-tokenizer and decoder, the tokens written like &lt;s&gt;, &lt;/s&gt;,
/// &lt;pad&gt;, &lt;unk&gt;, &lt;mask&gt; or &lt;|endoftext|&gt; as special tokens, and RoBERTa's &lt;s&gt; … &lt;/s&gt; around a sequence.
/// </summary>
internal static class ByteLevelBpeFiles
{
    private static readonly string[] SpecialTokens = ["<s>", "<pad>", "</s>", "<unk>", "<mask>", Gpt2Tokenizer.EndOfText];

    public static bool Exist(string directory) =>
        File.Exists(Path.Combine(directory, Gpt2TokenizerFiles.VocabFile)) && File.Exists(Path.Combine(directory, Gpt2TokenizerFiles.MergesFile));

    public static string ToTokenizerJson(string directory)
    {
        var vocabulary = Gpt2TokenizerFiles.ReadVocabulary(directory, requireEndOfText: false);
        var merges = Gpt2TokenizerFiles.ReadMerges(directory, vocabulary);
        var specials = SpecialTokens.Where(vocabulary.ContainsKey).ToList();
        var root = new JsonObject
        {
            ["added_tokens"] = new JsonArray(specials.Select(token => (JsonNode)new JsonObject
            {
                ["id"] = vocabulary[token], ["content"] = token, ["special"] = true, ["lstrip"] = token == "<mask>",
            }).ToArray()),
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["vocab"] = new JsonObject(vocabulary.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))),
                ["merges"] = new JsonArray(merges.Select(m => (JsonNode)$"{m.Left} {m.Right}").ToArray()),
            },
        };
        if (specials.Contains("<s>") && specials.Contains("</s>"))
            root["post_processor"] = new JsonObject { ["type"] = "RobertaProcessing", ["cls"] = new JsonArray("<s>", vocabulary["<s>"]), ["sep"] = new JsonArray("</s>", vocabulary["</s>"]) };
        return root.ToJsonString();
    }
}
