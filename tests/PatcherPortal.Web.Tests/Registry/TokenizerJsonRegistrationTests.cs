using System.Text.Json;
using System.Text.Json.Nodes;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Web.Registry;
using PatcherPortal.Web.Tests.Support;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Tests.Registry;

/// <summary>
/// Teams' model directories often ship Hugging Face's tokenizer.json alone (no vocab.txt, no vocab.json + merges.txt):
/// the registry's check loads them through the engine's tokenizer loader, and they predict exactly as with the old files.
/// </summary>
public sealed class TokenizerJsonRegistrationTests
{
    private static readonly string[] Weather = ["cold", "warm"];

    [Fact]
    public void A_classifier_with_only_a_wordpiece_tokenizer_json_is_accepted_and_predicts_as_with_vocab_txt()
    {
        var directory = TinyClassifierDirectory.Write(TinyClassifierDirectory.NewDirectory(), Weather, train: false);
        var before = ModelCheck.Run(directory, null, "the soup glows", CPU);

        var vocabulary = File.ReadAllLines(Path.Combine(directory, "vocab.txt"));
        File.Delete(Path.Combine(directory, "vocab.txt"));
        WriteJson(directory, new JsonObject
        {
            ["normalizer"] = new JsonObject { ["type"] = "BertNormalizer", ["lowercase"] = true },
            ["pre_tokenizer"] = new JsonObject { ["type"] = "BertPreTokenizer" },
            ["model"] = new JsonObject { ["type"] = "WordPiece", ["unk_token"] = "[UNK]", ["vocab"] = Ids(vocabulary) },
        });
        var after = ModelCheck.Run(directory, null, "the soup glows", CPU);

        Assert.Equal((before.Kind, before.Parameters, before.SampleOutput), (after.Kind, after.Parameters, after.SampleOutput));
    }

    [Fact]
    public void A_gpt2_with_only_a_byte_level_tokenizer_json_is_accepted_and_answers_as_with_vocab_json_and_merges()
    {
        var directory = CopyOfTinyQuestionAnswerer();
        var before = ModelCheck.Run(directory, null, null, CPU);

        WriteGpt2TokenizerJson(directory);
        var after = ModelCheck.Run(directory, null, null, CPU);

        Assert.False(File.Exists(Path.Combine(directory, "vocab.json")));
        Assert.Equal((before.Kind, before.Parameters, before.SampleOutput), (after.Kind, after.Parameters, after.SampleOutput));
    }

    [Fact]
    public void A_tokenizer_json_with_a_component_the_engine_cannot_reproduce_is_refused_naming_it()
    {
        var directory = CopyOfTinyQuestionAnswerer();
        WriteGpt2TokenizerJson(directory, normalizer: new JsonObject { ["type"] = "Precompiled" });

        var refusal = Assert.Throws<CheckpointException>(() => ModelCheck.Run(directory, null, null, CPU));

        Assert.Contains("\"Precompiled\"", refusal.Message);
        Assert.Contains("tokenizer.json", refusal.Message);
    }

    private static string CopyOfTinyQuestionAnswerer()
    {
        var directory = TinyClassifierDirectory.NewDirectory();
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(TinyModelCache.Directory("qa")))
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        return directory;
    }

    /// <summary>Replaces vocab.json + merges.txt by the tokenizer.json Hugging Face writes for GPT-2.</summary>
    private static void WriteGpt2TokenizerJson(string directory, JsonNode? normalizer = null)
    {
        var vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(Path.Combine(directory, "vocab.json")))!;
        var merges = File.ReadAllLines(Path.Combine(directory, "merges.txt")).Where(line => line.Length > 0 && !line.StartsWith("#version"));
        File.Delete(Path.Combine(directory, "vocab.json"));
        File.Delete(Path.Combine(directory, "merges.txt"));
        WriteJson(directory, new JsonObject
        {
            ["added_tokens"] = new JsonArray(new JsonObject { ["id"] = vocabulary["<|endoftext|>"], ["content"] = "<|endoftext|>", ["special"] = true }),
            ["normalizer"] = normalizer,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["use_regex"] = true },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["vocab"] = Ids(vocabulary.OrderBy(p => p.Value).Select(p => p.Key)),
                ["merges"] = new JsonArray(merges.Select(m => (JsonNode)m).ToArray()),
            },
        });
    }

    private static JsonObject Ids(IEnumerable<string> tokens) =>
        new(tokens.Select((token, id) => KeyValuePair.Create(token, (JsonNode?)id)));

    private static void WriteJson(string directory, JsonObject tokenizer) =>
        File.WriteAllText(Path.Combine(directory, "tokenizer.json"), tokenizer.ToJsonString());
}
