using System.Text.RegularExpressions;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Models.Bert;
using PatcherPortal.Engine.Tokenization;
using PatcherPortal.Engine.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace PatcherPortal.Engine.Tests.Training;

public sealed class FrozenStageCacheTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("stage-cache-").FullName;
    private static readonly IReadOnlyList<LabelledInput> Claims = TinyBaseModels.Claims(TinyBaseModels.Facts(count: 12));
    private static readonly IReadOnlyList<LabelledInput> Questions = TinyBaseModels.Questions(TinyBaseModels.Facts(count: 24));
    private static readonly string[] BottomFrozen = ["bert.embeddings.", "bert.encoder.layer.0."];

    [Theory]
    [InlineData("classifier")]
    [InlineData("decoder")]
    public void The_cached_bottom_stages_give_the_loss_of_the_full_forward_pass(string kind)
    {
        using var scope = NewDisposeScope();
        var (model, examples) = kind == "classifier" ? ((IEditableModel)Classifier(dropout: 0.1), Claims) : (Decoder(dropout: 0.1), Questions);
        Freeze(model, BottomFrozen);
        using var cache = FrozenStageCache.TryCreate(model, examples, maxBytes: 1L << 30)!;
        Assert.Equal(2, cache.Stages);

        model.Module.eval();
        using var noGrad = no_grad();
        var batch = new[] { 3, 0, examples.Count - 1, 7, 11 }; // inputs of different lengths in one padded batch
        var (full, fullTargets) = model.RowLogits(batch.Select(i => examples[i]).ToList());
        var (cached, cachedTargets) = cache.RowLogits(batch);
        Assert.Equal(fullTargets.data<long>().ToArray(), cachedTargets.data<long>().ToArray());
        var (fullLoss, cachedLoss) = (F.cross_entropy(full, fullTargets).item<float>(), F.cross_entropy(cached, cachedTargets).item<float>());
        Assert.True(Math.Abs(fullLoss - cachedLoss) < 1e-5, $"full {fullLoss} against cached {cachedLoss}");
    }

    [Fact]
    public void Training_from_the_cache_follows_the_same_losses_as_training_without_it()
    {
        using var scope = NewDisposeScope();
        var options = new TrainingOptions { Epochs = 3, BatchSize = 8, LearningRate = 3e-3, FrozenPrefixes = BottomFrozen };
        var (withCache, withCacheLosses) = Train(Decoder(dropout: 0), Questions, options);
        var (without, withoutLosses) = Train(Decoder(dropout: 0), Questions, options with { FrozenStageCacheBytes = 0 });

        Assert.Equal(2, withCache.CachedStages);
        Assert.Equal(0, without.CachedStages);
        Assert.Equal(withoutLosses.Count, withCacheLosses.Count);
        Assert.All(withoutLosses.Zip(withCacheLosses), p => Assert.True(Math.Abs(p.First - p.Second) < 1e-4, $"{p.First} against {p.Second}"));
        Assert.True(withCache.LastLoss < withCache.FirstLoss / 2, $"loss {withCache.FirstLoss:F3} -> {withCache.LastLoss:F3}");
    }

    [Fact]
    public void A_training_set_whose_cache_would_exceed_the_memory_budget_trains_without_one()
    {
        using var scope = NewDisposeScope();
        var model = Classifier(dropout: 0.1);
        Freeze(model, BottomFrozen);
        Assert.Null(FrozenStageCache.TryCreate(model, Claims, maxBytes: 1024));

        var (report, _) = Train(Classifier(dropout: 0.1), Claims, new TrainingOptions { Epochs = 1, BatchSize = 8, FrozenPrefixes = BottomFrozen, FrozenStageCacheBytes = 1024 });
        Assert.Equal(0, report.CachedStages);
    }

    [Fact]
    public void Nothing_is_cached_when_the_embeddings_train()
    {
        using var scope = NewDisposeScope();
        var model = Classifier(dropout: 0.1);
        Freeze(model, ["bert.encoder.layer.0."]);
        Assert.Null(FrozenStageCache.TryCreate(model, Claims, maxBytes: 1L << 30));
    }

    [Fact]
    public void An_interrupted_cached_run_resumes_from_its_checkpoint_at_the_loss_the_uninterrupted_run_had_there()
    {
        using var scope = NewDisposeScope();
        var options = new TrainingOptions { Epochs = 3, BatchSize = 4, LearningRate = 1e-3, FrozenPrefixes = BottomFrozen };
        var (_, uninterrupted) = Train(Classifier(dropout: 0), Claims, options);

        var checkpointed = options with { CheckpointDirectory = directory, CheckpointEverySteps = 5 };
        var model = Classifier(dropout: 0);
        using var cancellation = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => ModelTrainer.Train(model, Claims, checkpointed,
            new Progress(p => { if (p.Step == 12) cancellation.Cancel(); }), cancellation.Token));
        var resumedLosses = new List<double>();
        var resumed = ModelTrainer.Train(Classifier(dropout: 0), Claims, checkpointed, new Progress(p => resumedLosses.Add(p.Loss)));

        Assert.Equal(10, resumed.ResumedFromStep);
        Assert.Equal(2, resumed.CachedStages);
        Assert.Equal(uninterrupted.Count - 10, resumedLosses.Count);
        Assert.True(Math.Abs(uninterrupted[10] - resumedLosses[0]) < 1e-5, $"{uninterrupted[10]} against {resumedLosses[0]}");
    }

    private static (TrainingReport Report, List<double> Losses) Train(IEditableModel model, IReadOnlyList<LabelledInput> examples, TrainingOptions options)
    {
        var losses = new List<double>();
        var report = ModelTrainer.Train(model, examples, options, new Progress(p => losses.Add(p.Loss)));
        return (report, losses);
    }

    private static void Freeze(IEditableModel model, IReadOnlyList<string> prefixes)
    {
        foreach (var (name, parameter) in model.Module.named_parameters().Where(p => prefixes.Any(p.name.StartsWith)))
            parameter.requires_grad_(false); // the decoder's head is tied to the word embeddings: one tensor, two names
    }

    private static EditableClassifier Classifier(double dropout)
    {
        var tokenizer = Vocabulary(Claims.Select(c => c.Input));
        manual_seed(7);
        var config = TinyModels.Bert with { VocabSize = tokenizer.VocabularySize, HiddenDropoutProb = dropout, AttentionProbsDropoutProb = dropout };
        return new EditableClassifier(new SequenceClassifier(new BertForSequenceClassification(config), tokenizer) { MaxLength = 64 });
    }

    private static EditableGenerator Decoder(double dropout)
    {
        var tokenizer = Vocabulary(Questions.SelectMany(q => new[] { q.Input, q.Target }));
        manual_seed(7);
        var config = TinyModels.BertDecoder with { VocabSize = tokenizer.VocabularySize, HiddenDropoutProb = dropout, AttentionProbsDropoutProb = dropout };
        return new EditableGenerator(new BertLanguageModel(new BertLMHeadModel(config), tokenizer));
    }

    private static BertWordPieceTokenizer Vocabulary(IEnumerable<string> texts) => BertWordPieceTokenizer.FromVocabulary(
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", .. texts.SelectMany(t => Regex.Matches(t.ToLowerInvariant(), @"\p{L}+|\p{N}+|[^\s\p{L}\p{N}]").Select(m => m.Value)).Distinct().Order()]);

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
