namespace PatcherPortal.Engine.Tokenization;

/// <summary>A classifier's tokenizer: one input framed by the special tokens its model was trained with.</summary>
public interface ISequenceTokenizer : ITextTokenizer
{
    /// <summary>The input's tokens between the model's special tokens ([CLS] … [SEP], &lt;s&gt; … &lt;/s&gt;), at most
    /// <paramref name="maxLength"/> in all: the input is cut, never the special tokens.</summary>
    IReadOnlyList<int> EncodeForModel(string text, int maxLength);

    /// <summary>How many special tokens frame an input.</summary>
    int FramingTokens { get; }
}
