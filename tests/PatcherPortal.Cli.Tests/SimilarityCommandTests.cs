using PatcherPortal.Cli.Commands;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Models.Bert;
using PatcherPortal.Engine.Tokenization;

namespace PatcherPortal.Cli.Tests;

public sealed class SimilarityCommandTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string model;
    private readonly string[] sentences = Enumerable.Range(0, 300).Select(i => $"the cat number {i} sat on mat {i % 7}").ToArray();

    public SimilarityCommandTests()
    {
        model = temp.File("encoder");
        TorchSharp.torch.manual_seed(3);
        using var encoder = new SentenceEncoder(new BertModel(new BertConfig
        {
            VocabSize = 30, HiddenSize = 16, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 32, MaxPositionEmbeddings = 32,
        }), BertWordPieceTokenizer.FromVocabulary(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "number", "sat", "on", "mat",
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "##0", "##1", "##2", "##3", "##4", "##5", "##6", "##7", "##8"]));
        encoder.Save(model);
    }

    [Fact]
    public async Task Three_hundred_sentences_as_arguments_are_each_compared_with_the_first()
    {
        var (exitCode, output, error) = await CliRun.InvokeAsync(ModelCommands.Similarity(), ["--model", model, .. sentences]);

        Assert.True(exitCode == 0, error);
        var lines = CliRun.Lines(output);
        Assert.Equal(299, lines.Length);
        Assert.EndsWith($"\"{sentences[0]}\" vs \"{sentences[299]}\"", lines[^1]);
    }

    [Fact]
    public async Task Sentences_read_from_a_file_give_the_same_scores_as_arguments()
    {
        File.WriteAllLines(temp.File("sentences.txt"), ["", .. sentences, "   "]);

        var fromFile = await CliRun.InvokeAsync(ModelCommands.Similarity(), "--model", model, "--file", temp.File("sentences.txt"));
        var fromArguments = await CliRun.InvokeAsync(ModelCommands.Similarity(), ["--model", model, .. sentences]);

        Assert.True(fromFile.ExitCode == 0, fromFile.Error);
        Assert.Equal(fromArguments.Output, fromFile.Output);
    }

    [Fact]
    public async Task The_help_says_how_to_give_many_sentences()
    {
        var (_, output, _) = await CliRun.InvokeAsync(ModelCommands.Similarity(), "--help");

        Assert.Contains("--file", output);
        Assert.Contains("standard input", output);
    }

    public void Dispose() => temp.Dispose();
}
