using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Tests.Datasets;

public class CounterFactReaderTests
{
    [Fact]
    public void CounterFact_reader_answers_with_the_ground_truth_and_keeps_target_new_as_alternative()
    {
        var dataset = CounterFactReader.Read(DatasetTestFiles.Sample("counterfact-sample.json"));

        Assert.Equal("qa", dataset.Task);
        Assert.Equal(20, dataset.Examples.Count);
        var first = dataset.Examples[0];
        Assert.Equal("10", first.Id);
        Assert.Equal("BBC One, by", first.Input);
        Assert.Equal("BBC", first.Target);
        Assert.Equal("Sega", first.AlternativeAnswer);
        Assert.Equal(["BBC One is my favorite product out of everything owned by"], first.Paraphrases);
        Assert.Equal(new LabelledInput("BBC Radio, by", "BBC"), Assert.Single(first.Locality));
    }

    [Fact]
    public void CounterFact_reader_reads_every_row_of_the_validation_set()
    {
        var path = DatasetTestFiles.SharedOrSample("counterfact-val.json", "counterfact-sample.json");

        var dataset = CounterFactReader.Read(path);

        Assert.Equal(DatasetTestFiles.CountArrayRows(path), dataset.Examples.Count);
        Assert.Equal(dataset.Examples.Count, dataset.Examples.Select(e => e.Id).Distinct().Count());
        Assert.All(dataset.Examples, example => Assert.False(string.IsNullOrWhiteSpace(example.AlternativeAnswer)));
    }

    [Fact]
    public void Malformed_counterfact_rows_are_reported_with_their_index()
    {
        const string row = """
            "prompt": "P", "ground_truth": "G", "target_new": "T", "rephrase_prompt": "R",
            "locality_prompt": "L", "locality_ground_truth": "LG"
            """;
        var json = $$"""
            [
              { "case_id": 1, {{row}} },
              { "case_id": 1, {{row}} },
              { "case_id": 2.5, {{row}} },
              { "case_id": 3, "prompt": 7, "ground_truth": "G", "target_new": "T", "rephrase_prompt": "R",
                "locality_prompt": "L" }
            ]
            """;
        using var file = new TempFile("cf.json", json);

        var error = Assert.Throws<DatasetFormatException>(() => CounterFactReader.Read(file.Path));

        Assert.Equal([1, 2, 3], error.Errors.Select(e => e.Number));
        Assert.Contains("row 1: duplicate id '1' (first at row 0)", error.Message);
        Assert.Contains("row 2: 'case_id' must be a string or an integer, found a number", error.Message);
        Assert.Contains("row 3: 'prompt' must be a string, found a number; missing required field 'locality_ground_truth'", error.Message);
    }
}
