using Microsoft.ML.Tokenizers;
using PatcherPortal.Engine.Tokenization;

namespace PatcherPortal.Engine.Tests.Tokenization;

public sealed class Gpt2CompatibilityTests(Gpt2ReferenceFiles files) : IClassFixture<Gpt2ReferenceFiles>
{
    private static readonly Lazy<TiktokenTokenizer> Tiktoken = new(() => TiktokenTokenizer.CreateForModel("gpt2"));

    public static TheoryData<string> Sentences =>
    [
        "Hello world!",
        "The quick brown fox jumps over the lazy dog.",
        "  two leading spaces and a trailing one ",
        "It's, we'll, they've, I'm, you'd, she's, don't, THEY'RE",
        "Café au lait, naïve résumé, Zürich, São Paulo, Ærøskøbing",
        "Emoji: 😀 👩‍👩‍👧 🇫🇷 ❤️ 👍🏽",
        "Numbers 1234567890, 3.14159, -42, 1e-9 and 2024-05-17",
        "x = a+b*(c-d)/2; // comment with {braces} and [brackets]",
        "Tabs\tand\nnew lines\r\n\nand   runs of     spaces",
        "日本語のテキストと中文文本",
        "Привет, мир! Как дела?",
        "مرحبا بالعالم",
        "URL: https://example.com/path?query=1&other=two#anchor",
        "Email me at someone@example.org — thanks…",
        "\"Quotes\" ‘single’ “double” «guillemets»",
        "ALL CAPS SENTENCE WITH ACRONYMS LIKE GPU, CPU, RAM",
        "Mixed\u00a0non-breaking\u2009thin\u3000ideographic spaces",
        "Q: How do I apply the patch? A: Open the portal and press Apply.",
        "a<|endoftext|>b",
        "",
    ];

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Loaded_gpt2_files_give_the_same_ids_as_tiktoken_gpt2(string sentence)
    {
        var tokenizer = Gpt2Tokenizer.Load(files.Directory);

        Assert.Equal(Tiktoken.Value.EncodeToIds(sentence), tokenizer.Encode(sentence));
    }

    [Fact]
    public void Loaded_gpt2_files_have_gpt2_sizes_and_first_merges()
    {
        var tokenizer = Gpt2Tokenizer.Load(files.Directory);

        Assert.Equal(50257, tokenizer.VocabularySize);
        Assert.Equal(50256, tokenizer.EndOfTextId);
        Assert.Equal(50000, tokenizer.Merges.Count);
        Assert.Equal([("Ġ", "t"), ("Ġ", "a"), ("h", "e")], tokenizer.Merges.Take(3));
    }

    [Fact]
    public void Loaded_gpt2_files_decode_back_to_the_text()
    {
        var tokenizer = Gpt2Tokenizer.Load(files.Directory);
        const string text = "Ünïcödé 😀 and   spaces\n";

        Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
    }
}
