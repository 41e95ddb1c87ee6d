using System.CommandLine;
using PatcherPortal.Engine;
using PatcherPortal.Engine.Training;

namespace PatcherPortal.Cli.Commands;

public static class TrainCommand
{
    public static Command Create()
    {
        var task = CommonOptions.Task();
        var data = CommonOptions.Data();
        var seed = CommonOptions.Seed();
        var split = CommonOptions.Split();
        var output = new Option<DirectoryInfo>("--output") { Description = "Model directory to write", Required = true };
        var epochs = new Option<int?>("--epochs") { Description = "Override the task's default number of epochs" };
        var learningRate = new Option<double?>("--learning-rate") { Description = "Override the task's default peak learning rate" };
        var trainedBlocks = new Option<int?>("--trained-blocks") { Description = "Train only the top N blocks and the head (the embeddings and lower blocks are frozen and computed once)" };
        var start = new Option<QuestionAnswererBase>("--qa-base") { Description = "Question answerer: Gpt2 or Llama (from scratch, sized by --layers/--width/--vocab) or MiniLm (pretrained all-MiniLM-L6-v2 run as a decoder)", DefaultValueFactory = _ => QuestionAnswererBase.MiniLm };
        var layers = new Option<int>("--layers") { Description = "Layers of a question answerer trained from scratch (qa)", DefaultValueFactory = _ => new Gpt2Size().Layers };
        var width = new Option<int>("--width") { Description = "Width of a question answerer trained from scratch (qa)", DefaultValueFactory = _ => new Gpt2Size().Embedding };
        var vocabulary = new Option<int>("--vocab") { Description = "BPE vocabulary size of a question answerer trained from scratch (qa)", DefaultValueFactory = _ => new Gpt2Size().Vocabulary };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (default: all cores; use 1 when sharing the machine)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("train", "Train a base model on a dataset's train split; reports train-subset, edit and test accuracy. Restarts from its last checkpoint if interrupted.")
            { task, data, seed, split, output, epochs, learningRate, trainedBlocks, start, layers, width, vocabulary, threads };
        command.SetAction((result, cancellation) =>
        {
            TorchSharp.torch.set_num_threads(result.GetValue(threads));
            var taskData = CommonOptions.Load(result.GetValue(task)!, result.GetValue(data)!, result.GetValue(seed), TaskDataFolds, result.GetValue(split));
            var options = new BaseModelOptions { QuestionAnswerer = result.GetValue(start), Size = new Gpt2Size(Layers: result.GetValue(layers), Embedding: result.GetValue(width), Vocabulary: result.GetValue(vocabulary)) };
            var training = options.TrainingFor(taskData.Task);
            if (result.GetValue(epochs) is { } e) training = training with { Epochs = e };
            if (result.GetValue(learningRate) is { } rate) training = training with { LearningRate = rate };
            options = options with { Training = training, TrainedBlocks = result.GetValue(trainedBlocks) };
            var bar = new ConsoleProgressBar($"train {taskData.Name}");
            var progress = new InlineProgress<TrainingProgress>(p => bar.Draw(p.Step, p.TotalSteps,
                $"epoch {p.Epoch} loss {p.Loss:F4} eta {p.Remaining:hh\\:mm\\:ss}"));
            var report = BaseModelBuilder.Build(taskData, result.GetValue(output)!.FullName, options,
                TorchDevice.Choose(logger: CliLogging.Logger), progress, cancellation);
            Console.WriteLine(ReportTable(report));
            return Task.FromResult(0);
        });
        return command;
    }

    private const int TaskDataFolds = 5;

    public static string ReportTable(BaseModelReport r) => $"""
        | model | dataset | parameters | train pairs | train subset | edit set | test set | train token acc. | training time |
        |---|---|---|---|---|---|---|---|---|
        | {r.Architecture} ({r.Size}) | {r.Dataset} | {r.Parameters:N0} | {r.TrainingPairs} | {r.TrainAccuracy:P1} | {r.EditAccuracy:P1} | {r.TestAccuracy:P1} | {r.TrainTokenAccuracy:P1} | {r.Training.Duration:hh\:mm\:ss} |

        {r.Training.Steps:N0} steps, {r.Training.CachedStages} bottom stages computed once, loss {r.Training.FirstLoss:F4} -> {r.Training.LastLoss:F4}
        """;
}
