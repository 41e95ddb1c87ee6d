using System.Text.Json;
using PatcherPortal.Engine.Tokenization;
using PatcherPortal.Engine.Tokenization.HuggingFace;

namespace PatcherPortal.Engine.Tests.Tokenization.HuggingFace;

/// <summary>
/// RoBERTa ships GPT-2's byte-level vocab.json + merges.txt with &lt;s&gt; &lt;pad&gt; &lt;/s&gt; &lt;unk&gt; &lt;mask&gt;:
/// the same ids as GPT-2 for text, its special tokens split out of the text, and &lt;s&gt; … &lt;/s&gt; around a sequence.
/// </summary>
public sealed class RobertaFilesTests(Gpt2ReferenceFiles gpt2) : IClassFixture<Gpt2ReferenceFiles>
{
    private static readonly string[] Specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"];

    [Theory]
    [InlineData("Hello world! It's 2026.")]
    [InlineData("  Café naïve 東京 🙂\n\tcode = f(x);")]
    public void Roberta_style_files_give_gpt2_ids_for_text_and_wrap_a_sequence_in_s(string text)
    {
        using var directory = RobertaDirectory(out var ids);
        var roberta = HuggingFaceTokenizer.Load(directory.Path);
        var expected = Gpt2Tokenizer.Load(gpt2.Directory).Encode(text);

        Assert.Equal(expected, roberta.Encode(text));
        Assert.Equal([ids["<s>"], .. expected, ids["</s>"]], roberta.EncodeWithSpecialTokens(text));
        Assert.Equal(text, roberta.Decode(roberta.EncodeWithSpecialTokens(text)));
    }

    [Fact]
    public void A_mask_token_in_the_text_is_one_token_and_takes_the_space_before_it()
    {
        using var directory = RobertaDirectory(out var ids);
        var roberta = HuggingFaceTokenizer.Load(directory.Path);

        var encoded = roberta.Encode("Paris is the <mask> of France.");

        Assert.Equal([.. roberta.Encode("Paris is the"), ids["<mask>"], .. roberta.Encode(" of France.")], encoded);
    }

    /// <summary>GPT-2's files with RoBERTa's five special tokens appended to vocab.json.</summary>
    private TempDirectory RobertaDirectory(out Dictionary<string, int> ids)
    {
        var directory = new TempDirectory();
        ids = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(Path.Combine(gpt2.Directory, "vocab.json")))!;
        ids.Remove(Gpt2Tokenizer.EndOfText);
        var next = ids.Values.Max() + 1;
        foreach (var special in Specials) ids[special] = next++;
        File.WriteAllText(directory.File("vocab.json"), JsonSerializer.Serialize(ids));
        File.Copy(Path.Combine(gpt2.Directory, "merges.txt"), directory.File("merges.txt"));
        return directory;
    }
}
