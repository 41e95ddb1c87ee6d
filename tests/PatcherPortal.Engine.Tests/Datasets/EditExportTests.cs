using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Tests.Datasets;

/// <summary>Edits written in each export format read back, through the reader any dataset file goes through (which tells
/// the format from the file), to the same edits.</summary>
public class EditExportTests
{
    private static readonly EditDataset PortalEdits = new("portal-qa", EditDataset.QuestionAnswering,
    [
        new EditExample("17", "What is the capital of Cambodia?", "Phnom Penh", ["Which city is Cambodia's capital?", "Cambodia's capital is?"], [],
            "bangkok", new EditProvenance("ana@example.org", new DateTimeOffset(2026, 12, 7, 9, 30, 5, TimeSpan.Zero), "fixed and live")),
        new EditExample("18", "What is the capital of São Tomé and Príncipe?", "São Tomé", [], [], "lisbon",
            new EditProvenance("bo@example.org", new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(1)), "rejected")),
        new EditExample("19", "Which currency does Japan use? \"yen\" or not", "Japanese yen", ["Japan pays in which currency?"], []),
    ]);

    [Fact]
    public void Edits_exported_as_json_lines_read_back_with_their_paraphrases_author_time_and_status()
    {
        var read = RoundTrip(PortalEdits, EditJsonlReader.Format, "edits.jsonl");

        Assert.Equal((PortalEdits.Task, "edits"), (read.Task, read.Name));
        Assert.Equal(PortalEdits.Examples.Select(Describe), read.Examples.Select(Describe));
        Assert.Equal(PortalEdits.Examples[1].Provenance, read.Examples[1].Provenance);
        Assert.Null(read.Examples[2].Provenance);
    }

    [Fact]
    public void Edits_exported_in_the_zsre_layout_read_back_as_the_same_questions_answers_paraphrases_and_wrong_outputs()
    {
        var read = RoundTrip(PortalEdits, ZsreReader.Format, "edits.json");

        Assert.Equal(PortalEdits.Examples.Select(WithoutIdAndProvenance), read.Examples.Select(WithoutIdAndProvenance));
    }

    [Fact]
    public void Edits_exported_in_the_counterfact_layout_read_back_as_the_same_edits_with_their_ids()
    {
        var read = RoundTrip(PortalEdits, CounterFactReader.Format, "edits.json");

        Assert.Equal(PortalEdits.Examples.Select(e => Describe(e with { Provenance = null })), read.Examples.Select(Describe));
    }

    [Theory]
    [InlineData("zsre-sample.json", "zsre")]
    [InlineData("counterfact-sample.json", "counterfact")]
    public void The_field_s_own_files_written_back_in_their_layout_read_as_the_same_examples_locality_included(string sample, string format)
    {
        var original = DatasetReader.Read(DatasetTestFiles.Sample(sample));

        var read = RoundTrip(original, format, sample);

        Assert.Equal(original.Examples.Select(Describe), read.Examples.Select(Describe));
        Assert.All(read.Examples, e => Assert.Single(e.Locality));
    }

    [Fact]
    public void Fact_checking_edits_export_as_json_lines_and_are_refused_in_the_question_answering_layouts()
    {
        var claims = new EditDataset("portal-fc", EditDataset.FactChecking,
            [new EditExample("4", "Paris is the capital of Italy.", "REFUTES", ["Italy's capital is Paris."], [], "SUPPORTS")]);

        var read = RoundTrip(claims, EditJsonlReader.Format, "claims.jsonl");
        var refused = Assert.Throws<ArgumentException>(() => DatasetWriter.Write(new MemoryStream(), claims, ZsreReader.Format));

        Assert.Equal(EditDataset.FactChecking, read.Task);
        Assert.Equal(claims.Examples.Select(Describe), read.Examples.Select(Describe));
        Assert.Contains("question-answering", refused.Message);
        Assert.Contains("edits", refused.Message);
    }

    [Fact]
    public void An_edits_file_mixing_tasks_or_with_a_bad_time_is_refused_with_the_lines()
    {
        var lines = string.Join("\n",
            """{"id": "1", "task": "qa", "input": "Q?", "target": "A"}""",
            """{"id": "2", "task": "fc", "input": "C.", "target": "SUPPORTS"}""",
            """{"id": "3", "task": "qa", "input": "Q?", "target": "A", "time": "yesterday"}""");
        using var file = new TempFile("mixed.jsonl", lines);

        var error = Assert.Throws<DatasetFormatException>(() => DatasetReader.Read(file.Path));

        Assert.Equal([2, 3], error.Errors.Select(e => e.Number));
        Assert.Contains("line 2: 'task' is 'fc' but earlier lines are 'qa'", error.Message);
        Assert.Contains("line 3: 'time' must be an ISO 8601 date and time, found 'yesterday'", error.Message);
    }

    private static EditDataset RoundTrip(EditDataset dataset, string format, string fileName)
    {
        using var file = new TempFile(fileName, "");
        DatasetWriter.Write(file.Path, dataset, format);
        return DatasetReader.Read(file.Path);
    }

    private static string Describe(EditExample e) =>
        $"{e.Id} | {e.Input} -> {e.Target} | [{string.Join(" / ", e.Paraphrases)}] | alt {e.AlternativeAnswer} | " +
        $"loc [{string.Join(" / ", e.Locality.Select(l => $"{l.Input} -> {l.Target}"))}] | {e.Provenance}";

    private static string WithoutIdAndProvenance(EditExample e) => Describe(e with { Id = "", Provenance = null });
}
