using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Tokenization;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Inference;

public sealed class InputLimitsTests
{
    private static readonly string[] Vocabulary =
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "sat", "paris", "is", "capital", "of", "france", "."];

    [Fact]
    public void A_classifier_reads_no_more_than_its_position_embeddings_even_when_its_length_setting_is_larger()
    {
        using var scope = NewDisposeScope();
        var config = TinyModels.Bert with { MaxPositionEmbeddings = 16 };
        var classifier = new SequenceClassifier(TinyModels.RandomBertClassifier(config: config), BertWordPieceTokenizer.FromVocabulary(Vocabulary));
        var claim = string.Join(" ", Enumerable.Repeat("the cat sat", 10));
        var firstFourteen = string.Join(" ", claim.Split(' ').Take(14));

        var count = InputLimits.Input(classifier, claim);

        Assert.Equal((30, 14, false), (count.Tokens, count.Limit, count.Fits));
        Assert.Equal(128, classifier.MaxLength);
        using var noGrad = no_grad();
        Assert.True(classifier.Logits([claim]).allclose(classifier.Logits([firstFourteen])));
    }

    [Fact]
    public void A_generator_counts_the_prompt_it_would_read_and_the_answer_with_its_end_of_text()
    {
        using var scope = NewDisposeScope();
        var tokenizer = BpeTrainer.Train(["What is the capital of France? Paris", "What is the capital of Peru? Lima"], 300);
        IAnswerGenerator generator = new CausalLanguageModel(TinyModels.RandomGpt2(config: TinyModels.Gpt2 with { VocabSize = tokenizer.VocabularySize, EosTokenId = tokenizer.EndOfTextId, BosTokenId = tokenizer.EndOfTextId }), tokenizer);
        var prompt = string.Concat(Enumerable.Repeat("What is the capital of France? ", 20));

        var input = InputLimits.Input(generator, prompt);
        var answer = InputLimits.Answer(generator, "Paris")!.Value;

        Assert.Equal(generator.MaxPromptTokens, input.Limit);
        Assert.True(input.Tokens > input.Limit);
        Assert.Equal(generator.EncodePrompt(prompt).Count, input.Limit);
        Assert.Equal((generator.EncodeAnswer("Paris").Count, generator.MaxNewTokens), (answer.Tokens, answer.Limit));
        Assert.Null(InputLimits.Answer(new SequenceClassifier(TinyModels.RandomBertClassifier(), BertWordPieceTokenizer.FromVocabulary(Vocabulary)), "SUPPORTS"));
    }
}
