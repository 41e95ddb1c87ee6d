using System.CommandLine;
using PatcherPortal.Cli.Input;

namespace PatcherPortal.Cli.Tests;

public class TextInputsTests
{
    private readonly TextInputs inputs = new("inputs", "Questions");

    private ParseResult Parse(params string[] args) => new RootCommand { inputs.Arguments, inputs.File }.Parse(args);

    [Fact]
    public void Without_arguments_or_a_file_the_inputs_are_the_non_blank_lines_of_standard_input()
    {
        var read = inputs.Read(Parse(), new StringReader("What is the capital of Chad?\n\n   \n  Which city is Peru's capital?  \n"));

        Assert.Equal(["What is the capital of Chad?", "Which city is Peru's capital?"], read);
    }

    [Fact]
    public void Arguments_come_before_standard_input_and_arguments_with_a_file_are_refused()
    {
        var read = inputs.Read(Parse("a question?"), new StringReader("ignored"));
        var both = Assert.Throws<ArgumentException>(() => inputs.Read(Parse("a question?", "--file", "questions.txt"), new StringReader("")));

        Assert.Equal(["a question?"], read);
        Assert.Contains("not both", both.Message);
    }
}
