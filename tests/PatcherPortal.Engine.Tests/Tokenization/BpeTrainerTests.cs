using System.Diagnostics;
using PatcherPortal.Engine.Tokenization;
using Xunit.Abstractions;

namespace PatcherPortal.Engine.Tests.Tokenization;

public class BpeTrainerTests(ITestOutputHelper output)
{
    private static readonly Lazy<Gpt2Tokenizer> Trained = new(() => BpeTrainer.Train(SampleCorpus.Lines(3000), 600));

    [Theory]
    [InlineData("How do I install the patch?")]
    [InlineData("  leading spaces and trailing ones  ")]
    [InlineData("Crème brûlée, naïve façade, Ünïcödé ÀÉÎÕÜ ßø")]
    [InlineData("emoji 😀 👩‍👩‍👧 🇫🇷 never seen in training")]
    [InlineData("digits 1234567890, 3.14159 and -42%")]
    [InlineData("punctuation !?#$%^&*()[]{}<>/\\|~`'\"")]
    [InlineData("tabs\tand\nnew lines\r\n\n")]
    [InlineData("日本語 Привет مرحبا")]
    [InlineData("")]
    public void Trained_tokenizer_round_trips_any_text(string text)
    {
        var ids = Trained.Value.Encode(text);

        Assert.Equal(text, Trained.Value.Decode(ids));
        Assert.All(ids, id => Assert.InRange(id, 0, Trained.Value.VocabularySize - 1));
    }

    [Theory]
    [InlineData(" the")]
    [InlineData(" patch")]
    [InlineData(" install")]
    [InlineData("How")]
    public void Frequent_words_become_single_tokens(string word)
    {
        Assert.Single(Trained.Value.Encode(word));
    }

    [Fact]
    public void Vocabulary_has_requested_size_with_end_of_text_last()
    {
        Assert.Equal(600, Trained.Value.VocabularySize);
        Assert.Equal(599, Trained.Value.EndOfTextId);
        Assert.Equal(600 - 257, Trained.Value.Merges.Count);
    }

    [Fact]
    public void Base_vocabulary_is_the_byte_symbols_in_gpt2_order()
    {
        // GPT-2 gives "!" id 0 and the space byte (shown as "Ġ") id 220; single bytes encode to their base id.
        Assert.Equal([0], Trained.Value.Encode("!"));
        Assert.Equal([220], Trained.Value.Encode(" "));
        Assert.Equal(256, ByteLevelAlphabet.Symbols.Count);
    }

    [Fact]
    public void Training_is_deterministic()
    {
        var first = BpeTrainer.Train(SampleCorpus.Lines(500), 400);
        var second = BpeTrainer.Train(SampleCorpus.Lines(500), 400);

        Assert.Equal(first.Merges, second.Merges);
    }

    [Fact]
    public void Ties_are_broken_by_the_pair_strings_ordinal()
    {
        // "ab" and "cd" are equally frequent; "a"+"b" sorts first, so it is merged first.
        var tokenizer = BpeTrainer.Train(["cd ab", "ab cd"], 258);

        Assert.Equal(("a", "b"), tokenizer.Merges[0]);
    }

    [Fact]
    public void Small_corpus_stops_when_no_pairs_remain()
    {
        var tokenizer = BpeTrainer.Train(["aaaa"], 1000);

        Assert.Equal([("a", "a"), ("aa", "aa")], tokenizer.Merges);
        Assert.Equal(258, tokenizer.EndOfTextId);
        Assert.Single(tokenizer.Encode("aaaa"));
    }

    [Fact]
    public void Vocabulary_smaller_than_the_byte_alphabet_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BpeTrainer.Train(["x"], 256));
    }

    [Fact]
    public void Progress_is_reported_up_to_completion()
    {
        var reports = new List<double>();
        BpeTrainer.Train(SampleCorpus.Lines(500), 500, new InlineProgress<double>(reports.Add));

        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public void Trains_4000_tokens_on_20000_lines()
    {
        var lines = SampleCorpus.Lines(20_000);
        var stopwatch = Stopwatch.StartNew();

        var tokenizer = BpeTrainer.Train(lines, 4000);

        stopwatch.Stop();
        output.WriteLine($"Trained {tokenizer.Merges.Count} merges on {lines.Count} lines in {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(4000, tokenizer.VocabularySize);
    }
}
