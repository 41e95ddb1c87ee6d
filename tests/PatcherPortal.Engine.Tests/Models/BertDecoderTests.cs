using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Models.Bert;
using PatcherPortal.Engine.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Models;

/// <summary>BERT run left to right (BertLMHeadModel): what lets pretrained MiniLM answer questions.</summary>
public sealed class BertDecoderTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("bert-decoder-").FullName;
    private static int Vocabulary => TinyModels.BertDecoder.VocabSize;

    /// <summary>Reference: greedy decoding of one unpadded prompt through the plain forward pass.</summary>
    private static long[] GreedyAlone(BertLMHeadModel model, long[] prompt, int newTokens)
    {
        using var noGrad = no_grad();
        var sequence = prompt.ToList();
        for (var i = 0; i < newTokens; i++)
        {
            using var ids = tensor(sequence.ToArray()).unsqueeze(0);
            using var logits = model.call(ids, ones_like(ids));
            sequence.Add(logits[0, -1].argmax().item<long>());
        }
        return sequence.Skip(prompt.Length).ToArray();
    }

    [Fact]
    public void A_position_never_sees_the_tokens_after_it()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = TinyModels.RandomBertDecoder();
        var ids = TinyModels.RandomIds(1, 8, Vocabulary);
        var changed = ids.clone();
        changed[0, 6] = (ids[0, 6] % (Vocabulary - 2)) + 1;
        var (before, after) = (model.call(ids, ones_like(ids)), model.call(changed, ones_like(changed)));
        Assert.True(before[0, ..6].allclose(after[0, ..6], rtol: 0, atol: 1e-6), "an earlier position changed with a later token");
        Assert.False(before[0, 6].allclose(after[0, 6], rtol: 0, atol: 1e-6), "the changed position itself did not change");
    }

    [Fact]
    public void Left_padded_prompts_in_a_batch_generate_what_they_generate_alone()
    {
        using var scope = NewDisposeScope();
        var model = TinyModels.RandomBertDecoder(seed: 4);
        long[] shortPrompt = [7, 8], longPrompt = [1, 2, 3, 4, 5, 6];
        var ids = tensor(new long[] { 0, 0, 0, 0, 7, 8, 1, 2, 3, 4, 5, 6 }, [2, 6]);
        var mask = tensor(new long[] { 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 }, [2, 6]);
        var batched = model.Generate(ids, mask, maxNewTokens: 6, stopTokenId: -1);
        Assert.Equal(GreedyAlone(model, shortPrompt, 6), batched[0]);
        Assert.Equal(GreedyAlone(model, longPrompt, 6), batched[1]);
    }

    [Fact]
    public void Splitting_at_the_last_feed_forward_layer_reproduces_the_logits()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = TinyModels.RandomBertDecoder();
        var ids = TinyModels.RandomIds(2, 7, Vocabulary);
        var mask = ones_like(ids);
        var (residual, q) = model.ForwardToLastFeedForward(ids, mask);
        var split = model.ForwardFromLastFeedForward(residual, model.LastFeedForward.Forward(q));
        Assert.True(split.allclose(model.call(ids, mask), rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void A_saved_decoder_reloads_with_its_head_tied_to_the_word_embeddings_and_identical_answers()
    {
        using var scope = NewDisposeScope();
        string[] words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "what", "is", "the", "capital", "of", "peru", "?", "lima"];
        var original = new BertLanguageModel(TinyModels.RandomBertDecoder(seed: 2), BertWordPieceTokenizer.FromVocabulary(
            words.Concat(Enumerable.Range(0, Vocabulary - words.Length).Select(i => $"w{i}"))));
        original.Save(directory);

        var reloaded = (BertLanguageModel)PretrainedModels.Load(directory, CPU);

        var ids = TinyModels.RandomIds(2, 9, Vocabulary);
        using (no_grad())
            Assert.True(original.Model.call(ids, ones_like(ids)).allclose(reloaded.Model.call(ids, ones_like(ids)), rtol: 0, atol: 1e-6));
        Assert.True(Tied(reloaded.Model), "the reloaded decoder has its own copy of the word embeddings");
        Assert.DoesNotContain("cls.predictions.decoder.weight", WeightFile.Read(WeightFile.Locate(directory)).Keys);
        Assert.Equal(original.Generate(["what is the capital of peru ?"]), reloaded.Generate(["what is the capital of peru ?"]));
    }

    /// <summary>One tensor under two names: a change to the word embeddings shows in the decoder.</summary>
    private static bool Tied(BertLMHeadModel model)
    {
        using var noGrad = no_grad();
        var embedding = model.bert.embeddings.word_embeddings.weight!;
        embedding.add_(0.5f);
        var tied = embedding.allclose(model.cls.predictions.decoder.weight!, rtol: 0, atol: 0);
        embedding.sub_(0.5f);
        return tied;
    }

    [Fact]
    public void Special_tokens_typed_into_a_question_are_not_read_as_structure()
    {
        var model = new BertLanguageModel(TinyModels.RandomBertDecoder(), BertWordPieceTokenizer.FromVocabulary(
            ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "capital", "peru", .. Enumerable.Range(0, Vocabulary - 7).Select(i => $"w{i}")]));

        var prompt = model.EncodePromptUntruncated("capital [SEP] peru [cls]");

        Assert.Equal([model.WordPiece.ClsId, 5, 6, model.WordPiece.SepId], prompt);
    }

    [Fact]
    public void A_question_longer_than_the_model_reads_keeps_its_end_between_CLS_and_SEP()
    {
        var model = new BertLanguageModel(TinyModels.RandomBertDecoder(), BertWordPieceTokenizer.FromVocabulary(
            ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "capital", "peru", .. Enumerable.Range(0, Vocabulary - 7).Select(i => $"w{i}")]));
        var question = string.Join(' ', Enumerable.Repeat("capital", 100)) + " peru";

        var prompt = ((IAnswerGenerator)model).EncodePrompt(question);

        Assert.Equal(model.MaxPromptTokens, prompt.Count);
        Assert.Equal(model.WordPiece.ClsId, prompt[0]);
        Assert.Equal([6, model.WordPiece.SepId], prompt.TakeLast(2));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
