using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Tests.Datasets;

public class DatasetReaderTests
{
    [Theory]
    [InlineData("zsre-sample.json", "qa", "zsre-0")]
    [InlineData("counterfact-sample.json", "qa", "10")]
    public void Dataset_reader_detects_the_format_from_the_first_record(string sample, string task, string firstId)
    {
        var dataset = DatasetReader.Read(DatasetTestFiles.Sample(sample));

        Assert.Equal(task, dataset.Task);
        Assert.Equal(firstId, dataset.Examples[0].Id);
    }

    [Fact]
    public void Dataset_reader_detects_fever_kilt_jsonl()
    {
        using var file = new TempFile("claims.jsonl", """{"id": "1", "input": "A claim.", "output": [{"answer": "SUPPORTS"}]}""");

        var dataset = DatasetReader.Read(file.Path);

        Assert.Equal("fc", dataset.Task);
        Assert.Equal("SUPPORTS", Assert.Single(dataset.Examples).Target);
    }

    [Fact]
    public void Dataset_reader_uses_a_named_format_without_sniffing()
    {
        var dataset = DatasetReader.Read(DatasetTestFiles.Sample("zsre-sample.json"), "ZSRE");

        Assert.Equal(20, dataset.Examples.Count);
    }

    [Fact]
    public void Unknown_dataset_format_is_reported_with_the_file_and_its_fields()
    {
        using var file = new TempFile("mystery.json", """[{"question": "Q?", "label": "A"}]""");

        var error = Assert.Throws<DatasetFormatException>(() => DatasetReader.Read(file.Path));

        Assert.Contains(file.Path, error.Message);
        Assert.Contains("[question, label]", error.Message);
    }

    [Fact]
    public void Unknown_format_name_is_rejected_with_the_file_name()
    {
        var path = DatasetTestFiles.Sample("zsre-sample.json");

        var error = Assert.Throws<ArgumentException>(() => DatasetReader.Read(path, "squad"));

        Assert.Contains(path, error.Message);
        Assert.Contains("zsre, counterfact, fever-kilt", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_json_is_reported_as_a_format_error()
    {
        using var file = new TempFile("broken.json", "[{\"src\": ");

        var error = Assert.Throws<DatasetFormatException>(() => ZsreReader.Read(file.Path));

        Assert.Contains("invalid JSON", error.Message);
        Assert.Contains(file.Path, error.Message);
    }

    [Fact]
    public void An_empty_dataset_is_an_error()
    {
        using var file = new TempFile("empty.json", "[]");

        var error = Assert.Throws<DatasetFormatException>(() => CounterFactReader.Read(file.Path));

        Assert.Contains("contains no rows", error.Message);
    }
}
