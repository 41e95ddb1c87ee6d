namespace PatcherPortal.Engine.Inference;

/// <summary>How many tokens a text takes as a model reads it, and how many it reads before truncating.</summary>
public readonly record struct TokenCount(int Tokens, int Limit)
{
    public bool Fits => Tokens <= Limit;
}

public static class InputLimits
{
    /// <summary>An input (a question or a claim) as the model encodes it, special tokens aside.</summary>
    public static TokenCount Input(IPretrainedModel model, string text) => model switch
    {
        IAnswerGenerator generator => new(generator.EncodePromptUntruncated(text).Count, generator.MaxPromptTokens),
        SequenceClassifier classifier => new(classifier.Tokenizer.Encode(text).Count, classifier.MaxInputTokens),
        SentenceEncoder encoder => new(encoder.WordPiece.Encode(text).Count, encoder.MaxLength - 2),
        _ => throw new NotSupportedException($"No input limit is known for {model.GetType().Name}."),
    };

    /// <summary>An answer a generator must produce, end-of-text included; null for classifiers (their answers are labels).</summary>
    public static TokenCount? Answer(IPretrainedModel model, string answer) =>
        model is IAnswerGenerator generator ? new(generator.EncodeAnswer(answer).Count, generator.MaxNewTokens) : null;
}
