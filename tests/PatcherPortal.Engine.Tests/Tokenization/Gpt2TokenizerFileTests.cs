using System.Text.Json;
using PatcherPortal.Engine.Tokenization;

namespace PatcherPortal.Engine.Tests.Tokenization;

public sealed class Gpt2TokenizerFileTests : IDisposable
{
    private static readonly Lazy<Gpt2Tokenizer> Trained = new(() => BpeTrainer.Train(SampleCorpus.Lines(2000), 500));
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Saved_tokenizer_reloads_to_identical_ids()
    {
        Trained.Value.Save(_directory.Path);
        var reloaded = Gpt2Tokenizer.Load(_directory.Path);

        foreach (var line in SampleCorpus.Lines(200, seed: 99).Append("  Ünïcödé 😀 \"quoted\" back\\slash <|endoftext|>"))
            Assert.Equal(Trained.Value.Encode(line), reloaded.Encode(line));
        Assert.Equal(Trained.Value.VocabularySize, reloaded.VocabularySize);
        Assert.Equal(Trained.Value.EndOfTextId, reloaded.EndOfTextId);
        Assert.Equal(Trained.Value.Merges, reloaded.Merges);
    }

    [Fact]
    public void Save_writes_the_hugging_face_gpt2_layout()
    {
        Trained.Value.Save(_directory.Path);

        var merges = File.ReadAllLines(_directory.File("merges.txt"));
        Assert.Equal("#version: 0.2", merges[0]);
        Assert.Equal(Trained.Value.Merges.Count, merges.Length - 1);
        Assert.All(merges.Skip(1), line => Assert.Equal(2, line.Split(' ').Length));

        var vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(_directory.File("vocab.json")))!;
        Assert.Equal(Trained.Value.VocabularySize, vocab.Count);
        Assert.Equal(Trained.Value.EndOfTextId, vocab["<|endoftext|>"]);
        Assert.Equal(220, vocab["Ġ"]);

        var config = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_directory.File("tokenizer_config.json")))!;
        Assert.Equal("GPT2Tokenizer", config["tokenizer_class"]);
        Assert.Equal("<|endoftext|>", config["eos_token"]);
        Assert.Equal("<|endoftext|>", config["bos_token"]);
    }

    [Fact]
    public void End_of_text_is_skipped_when_decoding()
    {
        var ids = Trained.Value.Encode("answer").Append(Trained.Value.EndOfTextId);

        Assert.Equal("answer", Trained.Value.Decode(ids));
    }

    [Fact]
    public void Missing_merges_file_is_reported_by_name()
    {
        Trained.Value.Save(_directory.Path);
        File.Delete(_directory.File("merges.txt"));

        var error = Assert.Throws<FileNotFoundException>(() => Gpt2Tokenizer.Load(_directory.Path));
        Assert.Contains("merges.txt", error.Message);
    }

    [Fact]
    public void Missing_vocab_file_is_reported_by_name()
    {
        var error = Assert.Throws<FileNotFoundException>(() => Gpt2Tokenizer.Load(_directory.Path));
        Assert.Contains("vocab.json", error.Message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{}")]
    [InlineData("{\"a\": 0}")]
    public void Corrupt_vocab_file_is_reported_by_name(string content)
    {
        Trained.Value.Save(_directory.Path);
        File.WriteAllText(_directory.File("vocab.json"), content);

        var error = Assert.Throws<InvalidDataException>(() => Gpt2Tokenizer.Load(_directory.Path));
        Assert.Contains("vocab.json", error.Message);
    }

    [Fact]
    public void Vocab_without_end_of_text_is_reported_by_name()
    {
        Trained.Value.Save(_directory.Path);
        var vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(_directory.File("vocab.json")))!;
        vocab.Remove("<|endoftext|>");
        File.WriteAllText(_directory.File("vocab.json"), JsonSerializer.Serialize(vocab));

        var error = Assert.Throws<InvalidDataException>(() => Gpt2Tokenizer.Load(_directory.Path));
        Assert.Contains("vocab.json", error.Message);
        Assert.Contains("<|endoftext|>", error.Message);
    }

    [Theory]
    [InlineData("#version: 0.2\nĠ t h\n")]
    [InlineData("#version: 0.2\nnot-in-vocab Ġ\n")]
    public void Corrupt_merges_file_is_reported_by_name_and_line(string content)
    {
        Trained.Value.Save(_directory.Path);
        File.WriteAllText(_directory.File("merges.txt"), content);

        var error = Assert.Throws<InvalidDataException>(() => Gpt2Tokenizer.Load(_directory.Path));
        Assert.Contains("merges.txt line 2", error.Message);
    }
}
