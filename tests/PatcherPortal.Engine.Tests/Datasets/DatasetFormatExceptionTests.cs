using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Tests.Datasets;

public class DatasetFormatExceptionTests
{
    [Fact]
    public void Malformed_rows_are_all_counted_and_the_first_twenty_listed()
    {
        var rows = string.Join(",\n", Enumerable.Range(0, 30).Select(i => $$"""{"src": "Q{{i}}?"}"""));
        using var file = new TempFile("many.json", $"[{rows}]");

        var error = Assert.Throws<DatasetFormatException>(() => ZsreReader.Read(file.Path));

        Assert.Equal(30, error.Errors.Count);
        Assert.Equal(file.Path, error.SourceName);
        Assert.StartsWith($"{file.Path}: 30 malformed row(s)", error.Message);
        Assert.Contains("row 19: missing required field 'answers'", error.Message);
        Assert.DoesNotContain("row 20:", error.Message);
        Assert.EndsWith("... and 10 more", error.Message);
    }

    [Fact]
    public void Malformed_rows_are_reported_with_their_index_and_valid_rows_are_not_enough()
    {
        var valid = """{"src": "Q?", "answers": ["A"], "rephrase": "R?", "loc": "nq question: l", "loc_ans": "x"}""";
        using var file = new TempFile("mixed.json", $"[{valid}, {valid}, {{\"src\": \"Q?\"}}, {valid}]");

        var error = Assert.Throws<DatasetFormatException>(() => ZsreReader.Read(file.Path));

        var only = Assert.Single(error.Errors);
        Assert.Equal(("row", 2), (only.Unit, only.Number));
        Assert.Contains("missing required field 'answers'", only.Message);
    }
}
