using System.Text.Json;
using PatcherPortal.Engine.Benchmarks;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Consolidation;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Inference;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Training;

/// <summary>How the question answerer starts: GPT-2 or a Llama-family decoder from scratch, or pretrained all-MiniLM-L6-v2
/// run as a decoder.</summary>
public enum QuestionAnswererBase { Gpt2, MiniLm, Llama }

public sealed record BaseModelOptions
{
    public QuestionAnswererBase QuestionAnswerer { get; init; } = QuestionAnswererBase.MiniLm;
    public Gpt2Size Size { get; init; } = new();
    public TrainingOptions? Training { get; init; }
    public int TrainSubsetSize { get; init; } = 1000;
    /// <summary>Train only the top this-many blocks and the head (the rest frozen and computed once); null: the recipe's own.</summary>
    public int? TrainedBlocks { get; init; }
    /// <summary>Measure the three accuracies after training (generation over every question takes a while); the portal
    /// skips it, its retain metrics measure the served model anyway.</summary>
    public bool MeasureAccuracy { get; init; } = true;

    /// <summary>The fact checker trains the top two of six blocks and the head: the frozen embeddings and blocks 0-3 are
    /// computed once for the whole training set (<see cref="FrozenStageCache"/>). The question answerer keeps every block
    /// training: with two, its edits generalised and kept less (README, "Base models").</summary>
    public TrainingOptions TrainingFor(string task) => Training ?? (task == EditDataset.FactChecking
        ? new TrainingOptions { Epochs = 3, BatchSize = 32, LearningRate = 2e-4, FrozenPrefixes = MiniLmBelowBlock(4) }
        : QuestionAnswerer == QuestionAnswererBase.MiniLm
            ? new TrainingOptions { Epochs = 10, BatchSize = 32, LearningRate = 1e-4, FrozenPrefixes = MiniLmBelowBlock(0) }
            : new TrainingOptions { Epochs = 32, BatchSize = 64, LearningRate = 2e-3, WarmupFraction = 0.03, WeightDecay = 0.05 });

    private static string[] MiniLmBelowBlock(int block) =>
        ["bert.embeddings.", .. Enumerable.Range(0, block).Select(i => $"bert.encoder.layer.{i}.")];
}

/// <summary>Accuracy on the paper's three sets (appendix B): the train subset, the edit set and the test set (null when not measured).</summary>
public sealed record BaseModelReport(string Task, string Dataset, string Architecture, long Parameters, string Size,
    int TrainingPairs, double? TrainAccuracy, double? EditAccuracy, double? TestAccuracy, double? TrainTokenAccuracy,
    TrainingReport Training);

/// <summary>Trains a task's base model on its train split and saves it as a Hugging Face directory with a report.</summary>
public static class BaseModelBuilder
{
    public const string ReportFile = "base-model-report.json";

    public static BaseModelReport Build(TaskData data, string outputDirectory, BaseModelOptions options, Device device,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        var training = options.TrainingFor(data.Task);
        var pairs = data.TrainingPairs();
        IPretrainedModel pretrained = data.Task == EditDataset.FactChecking ? BaseModelFactory.FactChecker(device, training.Seed)
            : options.QuestionAnswerer == QuestionAnswererBase.MiniLm ? BaseModelFactory.MiniLmQuestionAnswerer(device, training.Seed)
            : options.QuestionAnswerer == QuestionAnswererBase.Llama
                ? BaseModelFactory.LlamaQuestionAnswerer(pairs.SelectMany(p => new[] { p.Input, " " + p.Target }), options.Size, device, training.Seed)
                : BaseModelFactory.QuestionAnswerer(pairs.SelectMany(p => new[] { p.Input, " " + p.Target }), options.Size, device, training.Seed);
        using var _ = pretrained;
        var model = Editable(pretrained);
        if (options.TrainedBlocks is { } blocks) training = training with { FrozenPrefixes = TrainedLayers.FrozenPrefixes(model, blocks) };
        var checkpoint = training with { CheckpointDirectory = training.CheckpointDirectory ?? Path.Combine(outputDirectory + ".partial") };
        var run = ModelTrainer.Train(model, pairs, checkpoint, progress, cancellation);

        double? Accuracy(IReadOnlyList<EditExample> examples) => !options.MeasureAccuracy ? null
            : examples.Count == 0 ? 0 : Baseline.Correct(model.Predict, model, examples).Count(c => c) / (double)examples.Count;
        var subset = data.TrainSubset(options.TrainSubsetSize);
        var report = new BaseModelReport(data.Task, data.Name, pretrained.ModelType, model.BaseParameterCount,
            data.Task == EditDataset.FactChecking ? "all-MiniLM-L6-v2 + linear head"
                : options.QuestionAnswerer == QuestionAnswererBase.MiniLm ? "all-MiniLM-L6-v2 as a decoder + tied LM head"
                : options.QuestionAnswerer == QuestionAnswererBase.Llama ? $"Llama {options.Size}" : options.Size.ToString(),
            pairs.Count,
            Accuracy(subset), Accuracy(data.Splits.Edit), Accuracy(data.Splits.Test),
            options.MeasureAccuracy ? model.TeacherForcedAccuracy(subset.Select(e => new LabelledInput(e.Input, e.Target)).ToList()) : null, run);

        pretrained.Save(outputDirectory);
        AtomicFile.WriteAllText(Path.Combine(outputDirectory, ReportFile), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        if (Directory.Exists(checkpoint.CheckpointDirectory)) Directory.Delete(checkpoint.CheckpointDirectory!, recursive: true);
        return report;
    }

    public static IEditableModel Editable(IPretrainedModel model) => model switch
    {
        SequenceClassifier classifier => new EditableClassifier(classifier),
        IAnswerGenerator languageModel => new EditableGenerator(languageModel),
        _ => throw new NotSupportedException($"{model.GetType().Name} cannot be edited (only classifiers and generators)."),
    };
}
