using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using PatcherPortal.Engine.Tokenization;
using PatcherPortal.Engine.Tokenization.HuggingFace;

namespace PatcherPortal.Engine.Tests.Tokenization.HuggingFace;

/// <summary>What a tokenizer.json directory declares beyond the ids: its end tokens, its refusals, its saved copy.</summary>
public sealed class TokenizerJsonFileTests
{
    [Fact]
    public void Begin_and_end_tokens_come_from_tokenizer_config_json()
    {
        var mistral = ReferenceTokenizer.Get("mistral").Tokenizer;

        Assert.Equal(1, mistral.BosId);
        Assert.Equal([2], mistral.EosIds);
        Assert.Equal([1, .. mistral.Encode("Paris")], mistral.EncodeWithSpecialTokens("Paris"));
    }

    [Fact]
    public void Generation_config_json_end_tokens_replace_the_tokenizer_config_one()
    {
        using var directory = CopyOf("qwen3");
        var single = HuggingFaceTokenizer.Load(directory.Path);
        File.WriteAllText(directory.File("generation_config.json"), """{"bos_token_id": 151643, "eos_token_id": [151645, 151643], "pad_token_id": 151643}""");

        var both = HuggingFaceTokenizer.Load(directory.Path);

        Assert.Equal([151645], single.EosIds);
        Assert.Null(single.BosId);
        Assert.Equal([151645, 151643], both.EosIds);
        Assert.Equal((151643, 151643), (both.BosId, both.PadId));
    }

    [Theory]
    [InlineData("normalizer", """{"type": "Precompiled", "precompiled_charsmap": ""}""", "normalizer \"Precompiled\"")]
    [InlineData("pre_tokenizer", """{"type": "BertPreTokenizer"}""", "pre_tokenizer \"BertPreTokenizer\"")]
    [InlineData("pre_tokenizer", """{"type": "Split", "pattern": {"String": " "}, "behavior": "MergedWithPrevious"}""", "Split (behavior MergedWithPrevious)")]
    [InlineData("decoder", """{"type": "CTC"}""", "decoder \"CTC\"")]
    [InlineData("post_processor", """{"type": "Unknown"}""", "post_processor \"Unknown\"")]
    [InlineData("model", """{"type": "Unigram", "vocab": []}""", "model \"Unigram\"")]
    public void A_component_the_engine_cannot_reproduce_is_refused_by_name(string section, string component, string named)
    {
        var root = JsonNode.Parse(Decompressed("mistral"))!;
        root[section] = JsonNode.Parse(component);

        var refusal = Assert.Throws<InvalidDataException>(() => HuggingFaceTokenizer.Parse(root.ToJsonString()));

        Assert.Contains(named, refusal.Message);
    }

    [Fact]
    public void A_saved_tokenizer_loads_back_with_the_same_ids_and_end_tokens()
    {
        var qwen = ReferenceTokenizer.Get("qwen3");
        using var saved = new TempDirectory();

        qwen.Tokenizer.Save(saved.Path);
        var loaded = HuggingFaceTokenizer.Load(saved.Path);

        Assert.Equal(qwen.Tokenizer.EosIds, loaded.EosIds);
        Assert.All(qwen.Cases.Take(100), c => Assert.Equal(c.Ids, loaded.Encode(c.Text)));
    }

    [Theory]
    [InlineData("mistral")]
    [InlineData("qwen3")]
    public void Requests_encoding_at_the_same_time_each_get_their_own_ids(string name)
    {
        var reference = ReferenceTokenizer.Get(name);
        var fresh = HuggingFaceTokenizer.Load(reference.Directory);
        var results = new int[reference.Cases.Count][];

        Parallel.For(0, reference.Cases.Count * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => results[i % reference.Cases.Count] = [.. fresh.Encode(reference.Cases[i % reference.Cases.Count].Text)]);

        Assert.All(reference.Cases.Select((c, i) => (c.Ids, Result: results[i])), x => Assert.Equal(x.Ids, x.Result));
    }

    [Fact]
    public void A_directory_without_tokenizer_files_is_refused_naming_what_is_missing()
    {
        using var empty = new TempDirectory();

        var refusal = Assert.Throws<FileNotFoundException>(() => HuggingFaceTokenizer.Load(empty.Path));

        Assert.Contains("tokenizer.json", refusal.Message);
        Assert.False(HuggingFaceTokenizer.CanLoad(empty.Path));
    }

    private static TempDirectory CopyOf(string name)
    {
        var directory = new TempDirectory();
        ReferenceTokenizer.Get(name).Tokenizer.Save(directory.Path);
        return directory;
    }

    private static string Decompressed(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Tokenization", "Reference", name, "tokenizer.json.gz");
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        return reader.ReadToEnd();
    }
}
