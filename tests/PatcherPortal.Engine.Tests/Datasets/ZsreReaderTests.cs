using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Tests.Datasets;

public class ZsreReaderTests
{
    [Fact]
    public void Zsre_reader_reads_every_row_of_the_sample()
    {
        var dataset = ZsreReader.Read(DatasetTestFiles.Sample("zsre-sample.json"));

        Assert.Equal("qa", dataset.Task);
        Assert.Equal(20, dataset.Examples.Count);
        var first = dataset.Examples[0];
        Assert.Equal("zsre-0", first.Id);
        Assert.Equal("What is the product made by UniFirst?", first.Input);
        Assert.Equal("uniform", first.Target);
        Assert.Equal(["What will be the product of UniFirst?"], first.Paraphrases);
        Assert.Equal("unmanned aircraft", first.AlternativeAnswer);
        Assert.Equal(new LabelledInput("john goodman's character in the big lebowski", "Walter Sobchak"), Assert.Single(first.Locality));
    }

    [Fact]
    public void Zsre_reader_reads_every_row_of_the_mend_sample()
    {
        // The full 1k file when the shared data sets are beside the repository, else the 20-row copy.
        var path = DatasetTestFiles.SharedOrSample("zsre_mend_train-1k.json", "zsre-sample.json");

        var dataset = ZsreReader.Read(path);

        Assert.Equal(DatasetTestFiles.CountArrayRows(path), dataset.Examples.Count);
        Assert.All(dataset.Examples, example =>
        {
            Assert.False(string.IsNullOrWhiteSpace(example.Input));
            Assert.False(string.IsNullOrWhiteSpace(example.Target));
            Assert.Single(example.Paraphrases);
            Assert.DoesNotContain("nq question:", Assert.Single(example.Locality).Input);
        });
    }

    [Fact]
    public void Zsre_first_answer_is_the_answer_and_an_empty_alt_is_no_alternative()
    {
        var examples = ZsreReader.Read(DatasetTestFiles.Sample("zsre-sample.json")).Examples;

        var noAlt = examples.Single(e => e.Input == "What gender is Michaela Staniford?");
        Assert.Null(noAlt.AlternativeAnswer);
        Assert.Equal("Beneden Merwede", examples.Single(e => e.Input == "By which body of water is Papendrecht located?").Target);
        Assert.Equal("Kamal Haasan", examples.Single(e => e.Input == "Who was the star of Vrutham?").Target);
    }

    [Fact]
    public void Malformed_zsre_rows_are_reported_with_their_index()
    {
        const string json = """
            [
              {"src": "Q0?", "answers": ["a"], "rephrase": "R0?", "alt": "b", "loc": "nq question: l0", "loc_ans": "x"},
              {"answers": ["a"], "rephrase": "R1?", "loc": "nq question: l1", "loc_ans": "x"},
              {"src": "Q2?", "answers": "a", "rephrase": "R2?", "loc": "nq question: l2", "loc_ans": "x"},
              {"src": "Q3?", "answers": [], "rephrase": "", "loc": "nq question: l3", "loc_ans": "x"},
              "not an object"
            ]
            """;
        using var file = new TempFile("zsre.json", json);

        var error = Assert.Throws<DatasetFormatException>(() => ZsreReader.Read(file.Path));

        Assert.Equal([1, 2, 3, 4], error.Errors.Select(e => e.Number));
        Assert.Contains(file.Path, error.Message);
        Assert.Contains("row 1: missing required field 'src'", error.Message);
        Assert.Contains("row 2: 'answers' must be an array of strings, found a string", error.Message);
        Assert.Contains("row 3: 'answers' is empty; 'rephrase' is empty", error.Message);
        Assert.Contains("row 4: expected a JSON object", error.Message);
    }
}
