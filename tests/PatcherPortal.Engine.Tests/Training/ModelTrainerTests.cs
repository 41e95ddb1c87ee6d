using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Tokenization;
using PatcherPortal.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Training;

public sealed class ModelTrainerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("trainer-").FullName;
    private static readonly IReadOnlyList<LabelledInput> Questions = TinyBaseModels.Questions(TinyBaseModels.Facts(count: 20));

    [Fact]
    public void Training_a_tiny_question_answerer_lowers_the_loss_and_the_saved_directory_reloads_to_identical_outputs()
    {
        using var scope = NewDisposeScope();
        var model = TinyBaseModels.QuestionAnswerer(Questions, steps: 0);
        var report = ModelTrainer.Train(BaseModelBuilder.Editable(model), Questions, new TrainingOptions { Epochs = 16, BatchSize = 8, LearningRate = 3e-3 });
        Assert.True(report.LastLoss < report.FirstLoss / 2, $"loss {report.FirstLoss:F3} -> {report.LastLoss:F3}");

        model.Save(directory);
        var reloaded = CausalLanguageModel.Load(directory, CPU);
        var prompts = Questions.Take(5).Select(q => q.Input).ToList();
        Assert.Equal(model.Generate(prompts), reloaded.Generate(prompts));
        var ids = TinyModels.RandomIds(2, 8, model.Bpe.VocabularySize);
        using var noGrad = no_grad();
        Assert.True(model.Model.call(ids, ones_like(ids)).equal(reloaded.Model.call(ids, ones_like(ids))).all().item<bool>());
    }

    [Fact]
    public void An_interrupted_training_run_restarts_from_its_last_checkpoint()
    {
        using var scope = NewDisposeScope();
        var model = BaseModelBuilder.Editable(TinyBaseModels.FactChecker(TinyBaseModels.Claims(TinyBaseModels.Facts(count: 10)), steps: 0));
        var claims = TinyBaseModels.Claims(TinyBaseModels.Facts(count: 10));
        var options = new TrainingOptions { Epochs = 4, BatchSize = 4, LearningRate = 1e-3, CheckpointDirectory = directory, CheckpointEverySteps = 5 };
        using var cancellation = new CancellationTokenSource();
        var progress = new InlineProgress<TrainingProgress>(p => { if (p.Step == 12) cancellation.Cancel(); });
        Assert.Throws<OperationCanceledException>(() => ModelTrainer.Train(model, claims, options, progress, cancellation.Token));

        var resumed = ModelTrainer.Train(model, claims, options);
        Assert.Equal(10, resumed.ResumedFromStep);
        Assert.Equal(4 * (int)Math.Ceiling(claims.Count / 4.0) - 10, resumed.Steps);
        Assert.False(File.Exists(Path.Combine(directory, "trainer-state.json")));
    }

    [Fact]
    public void A_resumed_run_ends_with_the_weights_of_the_run_that_was_never_interrupted()
    {
        using var scope = NewDisposeScope();
        var claims = TinyBaseModels.Claims(TinyBaseModels.Facts(count: 10));
        var tokenizer = BertWordPieceTokenizer.FromVocabulary(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", .. claims.SelectMany(c => c.Input.ToLowerInvariant().Split(' ', '.')).Distinct()]);
        SequenceClassifier Fresh()
        {
            manual_seed(7);   // no dropout: a resumed run draws other random numbers than the uninterrupted one
            var config = TinyModels.Bert with { VocabSize = tokenizer.VocabularySize, HiddenDropoutProb = 0, AttentionProbsDropoutProb = 0 };
            return new SequenceClassifier(new Engine.Models.Bert.BertForSequenceClassification(config), tokenizer) { MaxLength = 64 };
        }
        var options = new TrainingOptions { Epochs = 4, BatchSize = 4, LearningRate = 1e-3 };
        using var uninterrupted = Fresh();
        ModelTrainer.Train(BaseModelBuilder.Editable(uninterrupted), claims, options);

        var checkpointed = options with { CheckpointDirectory = directory, CheckpointEverySteps = 5 };
        using var interrupted = Fresh();
        using var cancellation = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => ModelTrainer.Train(BaseModelBuilder.Editable(interrupted), claims, checkpointed,
            new InlineProgress<TrainingProgress>(p => { if (p.Step == 12) cancellation.Cancel(); }), cancellation.Token));
        using var resumed = Fresh();
        Assert.Equal(10, ModelTrainer.Train(BaseModelBuilder.Editable(resumed), claims, checkpointed).ResumedFromStep);

        var expected = uninterrupted.Module.state_dict();
        foreach (var (name, weight) in resumed.Module.state_dict())
            Assert.True(weight.allclose(expected[name], rtol: 1e-5, atol: 1e-6), $"{name} differs after resuming");
    }

    [Fact]
    public void A_tied_gpt2_embedding_moves_one_optimiser_step_per_training_step_not_two()
    {
        using var scope = NewDisposeScope();
        var model = TinyBaseModels.QuestionAnswerer(Questions, steps: 0);
        var embedding = model.Model.named_parameters().Single(p => p.name == "transformer.wte.weight").parameter;
        var before = embedding.detach().clone();
        const double learningRate = 1e-2;   // Adam's first step moves each weight with a gradient by the learning rate

        ModelTrainer.Train(BaseModelBuilder.Editable(model), Questions,
            new TrainingOptions { Epochs = 1, BatchSize = Questions.Count, LearningRate = learningRate, WeightDecay = 0 });

        var largestMove = (embedding - before).abs().max().item<float>();
        Assert.InRange(largestMove, 0.9 * learningRate, 1.01 * learningRate);
    }

    [Fact]
    public void Training_on_nothing_is_refused()
    {
        var model = BaseModelBuilder.Editable(TinyBaseModels.FactChecker(TinyBaseModels.Claims(TinyBaseModels.Facts(count: 3)), steps: 0));
        Assert.Throws<ArgumentException>(() => ModelTrainer.Train(model, [], new TrainingOptions()));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
