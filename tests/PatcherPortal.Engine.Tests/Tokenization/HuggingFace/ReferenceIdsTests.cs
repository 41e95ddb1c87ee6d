using Xunit.Abstractions;

namespace PatcherPortal.Engine.Tests.Tokenization.HuggingFace;

/// <summary>
/// Real tokenizer.json files of today's decoders give, string for string, the ids transformers.js gives
/// (≥ 600 strings: Unicode, CJK, accents, digits, whitespace runs, tabs/newlines, emoji, code, special tokens
/// in the text), and decode them back to what transformers.js decodes.
/// </summary>
public sealed class ReferenceIdsTests(ITestOutputHelper output)
{
    [ReferenceTokenizerFact("mistral")]
    public void Mistral_sentencepiece_bpe_gives_the_reference_ids() => SameIds("mistral");

    [ReferenceTokenizerFact("mistral")]
    public void Mistral_decodes_the_reference_ids_to_the_reference_text() => SameText("mistral");

    [ReferenceTokenizerFact("mistral")]
    public void Mistral_puts_the_begin_token_before_a_sequence() => SameSpecialTokens("mistral");

    [ReferenceTokenizerFact("mistral")]
    public void Mistral_decodes_back_to_the_text_wherever_the_reference_does() => SameTextKeepingSpecialTokens("mistral");

    [ReferenceTokenizerFact("mistral-metaspace")]
    public void Mistral_written_with_a_metaspace_pre_tokenizer_gives_the_reference_ids() => SameIds("mistral-metaspace");

    [ReferenceTokenizerFact("mistral-metaspace")]
    public void Mistral_written_with_a_metaspace_decoder_decodes_to_the_reference_text() => SameTextKeepingSpecialTokens("mistral-metaspace");

    [ReferenceTokenizerFact("qwen3")]
    public void Qwen3_byte_level_bpe_gives_the_reference_ids() => SameIds("qwen3");

    [ReferenceTokenizerFact("qwen3")]
    public void Qwen3_decodes_back_to_the_text_wherever_the_reference_does() => SameTextKeepingSpecialTokens("qwen3");

    [ReferenceTokenizerFact("qwen3")]
    public void Qwen3_decodes_the_reference_ids_to_the_reference_text() => SameText("qwen3");

    [ReferenceTokenizerFact("qwen3")]
    public void Qwen3_adds_no_special_tokens_around_a_sequence() => SameSpecialTokens("qwen3");

    [ReferenceTokenizerFact("llama3")]
    public void Llama3_byte_level_bpe_gives_the_reference_ids() => SameIds("llama3");

    [ReferenceTokenizerFact("llama3")]
    public void Llama3_decodes_the_reference_ids_to_the_reference_text() => SameText("llama3");

    [ReferenceTokenizerFact("llama3")]
    public void Llama3_decodes_back_to_the_text_wherever_the_reference_does() => SameTextKeepingSpecialTokens("llama3");

    [ReferenceTokenizerFact("llama3")]
    public void Llama3_special_tokens_around_a_sequence_match_the_reference() => SameSpecialTokens("llama3");

    private void SameIds(string name) => Compare(name, "ids", (tokenizer, c) => (Show(c.Ids), Show(tokenizer.Encode(c.Text))));

    private void SameText(string name) => Compare(name, "decoded text", (tokenizer, c) => (c.Decoded, tokenizer.Decode(c.Ids)));

    /// <summary>Keeping special tokens, the reference decodes most strings back to themselves; ours must agree on every one.</summary>
    private void SameTextKeepingSpecialTokens(string name)
    {
        var cases = ReferenceTokenizer.Get(name).Cases;
        output.WriteLine($"{name}: the reference decodes {cases.Count(c => c.DecodedWithSpecial == c.Text)}/{cases.Count} strings back to themselves.");
        Compare(name, "decoded text (special tokens kept)", (tokenizer, c) => (c.DecodedWithSpecial, tokenizer.DecodeWithSpecialTokens(c.Ids)));
    }

    private void SameSpecialTokens(string name) =>
        Compare(name, "ids with special tokens", (tokenizer, c) => (Show(c.WithSpecial), Show(tokenizer.EncodeWithSpecialTokens(c.Text))));

    private void Compare(string name, string what,
        Func<PatcherPortal.Engine.Tokenization.HuggingFace.HuggingFaceTokenizer, ReferenceCase, (string Expected, string Actual)> check)
    {
        var reference = ReferenceTokenizer.Get(name);
        Assert.True(reference.Cases.Count >= 500, $"{name} has only {reference.Cases.Count} reference strings.");
        var failures = reference.Cases
            .Select(c => (c.Text, Result: check(reference.Tokenizer, c)))
            .Where(x => x.Result.Expected != x.Result.Actual)
            .ToList();
        output.WriteLine($"{name}: {reference.Cases.Count - failures.Count}/{reference.Cases.Count} strings give the reference {what}.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {reference.Cases.Count} strings differ from the reference {what}:\n" +
            string.Join("\n", failures.Take(12).Select(f => $"  {Quote(f.Text)}: expected {Quote(f.Result.Expected)}, got {Quote(f.Result.Actual)}")));
    }

    private static string Show(IEnumerable<int> ids) => "[" + string.Join(",", ids) + "]";

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
