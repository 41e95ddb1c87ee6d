using PatcherPortal.Web.Models;
using PatcherPortal.Web.Review;

namespace PatcherPortal.Web.Tests.Review;

public sealed class ImportParserTests
{
    [Fact]
    public void Jsonl_rows_keep_their_output_reference_and_task()
    {
        var parsed = ImportParser.Parse("batch.jsonl", """
            {"input": "What is the capital of Chile?", "output": "Lima", "reference": "Santiago"}

            {"input": "Bern is the capital of Switzerland.", "task": "fc"}
            """, "qa");

        Assert.Empty(parsed.Errors);
        Assert.Equal(2, parsed.Rows.Count);
        Assert.Equal(new ImportRow(1, "qa", "What is the capital of Chile?", "Lima", "Santiago"), parsed.Rows[0]);
        Assert.Equal("fc", parsed.Rows[1].Model);
        Assert.Null(parsed.Rows[1].Output);
        Assert.Equal(3, parsed.Rows[1].Line);
    }

    [Fact]
    public void Csv_fields_may_be_quoted_with_commas_quotes_and_line_breaks()
    {
        var parsed = ImportParser.Parse("batch.csv", "input,output\r\n\"Is \"\"Bern\"\", the city, a capital?\",yes\n\"two\nlines\",\n", "fc");

        Assert.Empty(parsed.Errors);
        Assert.Equal("Is \"Bern\", the city, a capital?", parsed.Rows[0].Input);
        Assert.Equal("yes", parsed.Rows[0].Output);
        Assert.Equal("two\nlines", parsed.Rows[1].Input);
        Assert.Null(parsed.Rows[1].Output);
        Assert.Equal(3, parsed.Rows[1].Line);
    }

    [Fact]
    public void Every_bad_row_is_reported_with_its_line()
    {
        var parsed = ImportParser.Parse("batch.jsonl", "{\"input\": \"ok\"}\nnot json\n{\"output\": \"no input\"}\n{\"input\": \"x\", \"model\": \"Not a name\"}\n[1]",
            "qa");

        Assert.Equal(4, parsed.Errors.Count);
        Assert.StartsWith("line 2: not a JSON object", parsed.Errors[0]);
        Assert.Equal("line 3: \"input\" is missing or empty.", parsed.Errors[1]);
        Assert.Equal("line 4: 'Not a name' cannot name a model: use lower-case letters, digits, '-' and '_', starting with a letter.", parsed.Errors[2]);
        Assert.StartsWith("line 5: not a JSON object", parsed.Errors[3]);
    }

    [Theory]
    [InlineData("batch.csv", "question,answer\nx,y", "line 1: the header has no \"input\" column.")]
    [InlineData("batch.csv", "input,output\na,b,c", "line 2: 3 fields, the header has 2.")]
    [InlineData("batch.csv", "input\n\"never closed", "line 2: a quoted field is never closed.")]
    [InlineData("batch.jsonl", "\n\n", "The file holds no rows.")]
    public void Malformed_files_get_a_clear_message(string name, string content, string message)
    {
        Assert.Contains(message, ImportParser.Parse(name, content, "qa").Errors);
    }

    [Fact]
    public void A_file_that_is_not_utf8_or_holds_control_characters_is_refused_with_the_lines_at_fault()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("input,output\nWhat is the capital of Peru?,Lima\nWhat is the capital of Chile?,X\nok?,Bel\u0007l\n");
        bytes[bytes.Length - 30] = 0xFF;
        // Decoded as the import button reads an upload: bytes that are not UTF-8 become U+FFFD.
        var content = new StreamReader(new MemoryStream(bytes)).ReadToEnd();

        var parsed = ImportParser.Parse("batch.csv", content, "qa");

        Assert.Equal(2, parsed.Errors.Count);
        Assert.StartsWith("line 3: The input holds a character that is not valid Unicode text", parsed.Errors[0]);
        Assert.Contains("was it saved as UTF-8?", parsed.Errors[0]);
        Assert.Equal("line 4: The output holds the control character U+0007 at position 4; remove it.", parsed.Errors[1]);
    }
}
