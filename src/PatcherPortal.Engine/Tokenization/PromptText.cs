namespace PatcherPortal.Engine.Tokenization;

/// <summary>Text to encode, with the spans a user typed: a special token written there (&lt;|eot_id|&gt;, &lt;/s&gt;) is read
/// as plain text, while the special tokens of the text around them (a prompt template's) stay special.</summary>
public sealed record PromptText(string Text, IReadOnlyList<Range> Typed)
{
    /// <summary>Text a user typed, all of it.</summary>
    public static PromptText TypedByUser(string text) => new(text, [Range.All]);

    /// <summary>Whether [start, start + length) overlaps a typed span.</summary>
    public bool TouchesTyped(int start, int length) => Typed.Any(span =>
    {
        var (offset, spanLength) = span.GetOffsetAndLength(Text.Length);
        return start < offset + spanLength && offset < start + length;
    });
}

/// <summary>A tokenizer that keeps text a user typed from turning into special tokens.</summary>
public interface IPromptTokenizer : ITextTokenizer
{
    IReadOnlyList<int> Encode(PromptText text);
}
