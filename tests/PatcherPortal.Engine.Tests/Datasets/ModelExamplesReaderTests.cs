using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Tests.Datasets;

/// <summary>A team's examples file becomes trained-on and held-out examples, or is refused whole with its bad lines.</summary>
public class ModelExamplesReaderTests
{
    [Fact]
    public void Jsonl_rows_give_inputs_targets_paraphrases_and_held_out_rows_by_their_split()
    {
        var examples = ModelExamplesReader.Read(DatasetTestFiles.Sample("model-examples.jsonl"));

        Assert.Equal(["q1", "line-2"], examples.Trained.Select(e => e.Id));
        Assert.Equal(("What is the capital of Kenya?", "Nairobi"), (examples.Trained[0].Input, examples.Trained[0].Target));
        Assert.Equal(["Which city is Kenya's capital?", "Kenya's capital city is?"], examples.Trained[0].Paraphrases);
        Assert.Empty(examples.Trained[1].Paraphrases);
        Assert.Equal(("q3", "What currency does Japan use?", "Japanese yen"), (examples.HeldOut.Single().Id, examples.HeldOut[0].Input, examples.HeldOut[0].Target));
    }

    [Fact]
    public void Csv_rows_give_the_same_examples_with_paraphrases_separated_by_a_bar_and_quoted_commas_kept()
    {
        var examples = ModelExamplesReader.Read(DatasetTestFiles.Sample("model-examples.csv"));

        Assert.Equal(["Which city is Kenya's capital?", "Kenya's capital city is?"], examples.Trained[0].Paraphrases);
        Assert.Equal(("What is the capital of Chad, in Africa?", "N'Djamena", "line-3"), (examples.Trained[1].Input, examples.Trained[1].Target, examples.Trained[1].Id));
        Assert.Equal("Japanese yen", examples.HeldOut.Single().Target);
    }

    [Fact]
    public void The_fields_formats_are_read_as_trained_on_examples()
    {
        var zsre = ModelExamplesReader.Read(DatasetTestFiles.Sample("zsre-sample.json"));
        var counterFact = ModelExamplesReader.Read(DatasetTestFiles.Sample("counterfact-sample.json"));
        using var fever = new TempFile("fever.jsonl", """{"id": 1, "input": "Roman Atwood is a content creator.", "output": [{"answer": "SUPPORTS"}]}""");

        Assert.Equal(ZsreReader.Read(DatasetTestFiles.Sample("zsre-sample.json")).Examples.Count, zsre.Trained.Count);
        Assert.NotEmpty(counterFact.Trained);
        Assert.Equal("SUPPORTS", ModelExamplesReader.Read(fever.Path).Trained.Single().Target);
        Assert.Empty(zsre.HeldOut);
    }

    [Fact]
    public void An_edit_export_of_the_portal_is_read_as_edits_not_refused_for_its_task_field()
    {
        using var export = new TempFile("edits.jsonl", """{"id": "7", "task": "qa", "input": "Capital of Kenya?", "target": "Nairobi", "author": "ann@example.com"}""");

        var examples = ModelExamplesReader.Read(export.Path);

        Assert.Equal(("7", "Nairobi"), (examples.Trained.Single().Id, examples.Trained[0].Target));
    }

    [Fact]
    public void Malformed_jsonl_lines_are_all_reported_by_line_number_and_nothing_is_kept()
    {
        using var file = new TempFile("examples.jsonl", """
            {"input": "What is the capital of Kenya?", "target": "Nairobi"}
            {"input": "What is the capital of Chad?"}
            not json
            {"input": "Capital of Peru?", "target": "Lima", "paraphrase": ["Peru's capital?"]}
            {"input": "Capital of Fiji?", "target": "Suva", "split": "dev"}
            {"input": "what is the  capital of KENYA?", "target": "Mombasa"}
            """);

        var error = Assert.Throws<DatasetFormatException>(() => ModelExamplesReader.Read(file.Path));

        Assert.Equal([2, 3, 4, 5, 6], error.Errors.Select(e => e.Number));
        Assert.Contains("missing required field 'target'", error.Errors[0].Message);
        Assert.Contains("invalid JSON", error.Errors[1].Message);
        Assert.Contains("unknown field 'paraphrase'", error.Errors[2].Message);
        Assert.Contains("'split' must be train or test", error.Errors[3].Message);
        Assert.Contains("line 1 with the target 'Nairobi'", error.Errors[4].Message);
    }

    [Fact]
    public void Malformed_csv_lines_are_reported_by_line_number_and_a_bad_header_refuses_the_file()
    {
        using var rows = new TempFile("examples.csv", "input,target,id\nCapital of Kenya?,Nairobi,k\nCapital of Chad?,,c\nCapital of Peru?,Lima\nCapital of Fiji?,Suva,k\n");
        using var header = new TempFile("header.csv", "question,target\nCapital of Kenya?,Nairobi\n");

        var error = Assert.Throws<DatasetFormatException>(() => ModelExamplesReader.Read(rows.Path));
        var headerError = Assert.Throws<DatasetFormatException>(() => ModelExamplesReader.Read(header.Path));

        Assert.Equal([3, 4, 5], error.Errors.Select(e => e.Number));
        Assert.Contains("'target' is empty", error.Errors[0].Message);
        Assert.Contains("2 fields, the header has 3", error.Errors[1].Message);
        Assert.Contains("duplicate id 'k' (first at line 2)", error.Errors[2].Message);
        Assert.Contains("missing: input; unknown: question", headerError.Message);
    }

    [Fact]
    public void A_file_without_rows_is_refused()
    {
        using var file = new TempFile("empty.csv", "input,target\n");

        Assert.Contains("contains no rows", Assert.Throws<DatasetFormatException>(() => ModelExamplesReader.Read(file.Path)).Message);
    }
}
