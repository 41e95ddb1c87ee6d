using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Tests.Datasets;

public class FeverKiltReaderTests
{
    private const string ValidLines = """
        {"id": "75397", "input": "Nikolaj Coster-Waldau worked with the Fox Broadcasting Company.", "output": [{"answer": "SUPPORTS", "provenance": [{"wikipedia_id": "1"}]}], "rephrases": ["Nikolaj Coster-Waldau has worked with Fox."]}

        {"id": 150448, "input": "Roman Atwood is a content creator.", "output": [{"answer": "REFUTES"}, {"answer": "REFUTES"}]}
        """;

    [Fact]
    public void Fever_kilt_reader_takes_the_label_from_the_first_output_and_optional_rephrases()
    {
        using var file = new TempFile("fever-dev-kilt.jsonl", ValidLines);

        var dataset = FeverKiltReader.Read(file.Path);

        Assert.Equal("fc", dataset.Task);
        Assert.Equal("fever-dev-kilt", dataset.Name);
        Assert.Collection(dataset.Examples,
            first =>
            {
                Assert.Equal("75397", first.Id);
                Assert.Equal("SUPPORTS", first.Target);
                Assert.Equal(["Nikolaj Coster-Waldau has worked with Fox."], first.Paraphrases);
                Assert.Empty(first.Locality);
            },
            second =>
            {
                Assert.Equal("150448", second.Id);
                Assert.Equal("Roman Atwood is a content creator.", second.Input);
                Assert.Equal("REFUTES", second.Target);
                Assert.Empty(second.Paraphrases);
            });
    }

    [Fact]
    public void Malformed_fever_lines_are_reported_with_their_line_number()
    {
        var lines = string.Join("\n",
            """{"id": "1", "input": "A claim.", "output": [{"answer": "SUPPORTS"}]}""",
            """{"id": "2", "input": "A claim.", "output": [{"answer": "NOT ENOUGH INFO"}]}""",
            "",
            """{"id": "3", "input": "A claim.", "output": [{"answer": "REF""",
            """{"id": "4", "input": "", "output": []}""",
            """{"id": "5", "input": "A claim.", "output": [{"answer": "REFUTES"}], "rephrases": [1]}""",
            """{"id": "6", "input": "A claim.", "output": [{"provenance": []}]}""");
        using var file = new TempFile("fever.jsonl", lines);

        var error = Assert.Throws<DatasetFormatException>(() => FeverKiltReader.Read(file.Path));

        Assert.Equal([2, 4, 5, 6, 7], error.Errors.Select(e => e.Number));
        Assert.All(error.Errors, e => Assert.Equal("line", e.Unit));
        Assert.Contains("line 2: label 'output[0].answer' must be SUPPORTS or REFUTES, found 'NOT ENOUGH INFO'", error.Message);
        Assert.Contains("line 4: invalid JSON", error.Message);
        Assert.Contains("line 5: 'input' is empty; 'output' is empty", error.Message);
        Assert.Contains("line 6: 'rephrases[0]' must be a string, found a number", error.Message);
        Assert.Contains("line 7: missing required field 'output[0].answer'", error.Message);
    }
}
