using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Review;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>Bad questions, claims and corrections get a 400 saying what is wrong, and nothing is logged or queued.</summary>
public sealed class BadInputTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    /// <summary>About 60 tokens: more than the tiny question answerer reads (47), far less than 500 characters.</summary>
    private static readonly string LongQuestion = "Tell me, " + string.Concat(Enumerable.Repeat("after all of that, ", 14)) + "what is the capital of France?";

    private HttpClient service = default!;

    public async Task InitializeAsync()
    {
        await portal.ReadyAsync();
        service = PortalClient.WithApiKey(portal, (await portal.Services.GetRequiredService<ApiKeys>().CreateAsync("service", Roles.Annotator, "test")).Secret);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("qa", "   ", "The question is empty.")]
    [InlineData("fc", "\t\n", "The claim is empty.")]
    [InlineData("qa", "What is\u0007 the capital of Peru?", "The question holds the control character U+0007 at position 8; remove it.")]
    [InlineData("qa", "What is the capital of \u0000Peru?", "control character U+0000")]
    [InlineData("qa", "\u200b\u200b\u200b", "The question is empty.")]
    [InlineData("fc", "\u202E\u2066 \u200d\u3164", "The claim is empty.")]
    [InlineData("qa", "What is the capital of \u202EPeru?", "The question holds the control character U+202E at position 24; remove it.")]
    [InlineData("fc", "Lima is \u2067the capital of Peru.", "The claim holds the control character U+2067 at position 9; remove it.")]
    public async Task A_blank_or_invisible_question_or_one_with_control_characters_is_refused_and_not_logged(string task, string input, string message)
    {
        var before = await CountAsync();

        var response = await service.PostAsJsonAsync("/api/predict", new { task, input });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_question_longer_than_the_model_reads_is_refused_not_truncated_and_over_500_characters_too()
    {
        var tooManyTokens = await service.PostAsJsonAsync("/api/predict", new { task = "qa", input = LongQuestion });
        var tooManyCharacters = await service.PostAsJsonAsync("/api/predict", new { task = "fc", input = new string('a', 501) });
        var predictions = portal.Services.GetRequiredService<Predictions>();

        Assert.Equal(HttpStatusCode.BadRequest, tooManyTokens.StatusCode);
        var message = await tooManyTokens.Content.ReadAsStringAsync();
        Assert.Matches("The question is \\d+ tokens long; the question answering model reads at most 47\\. Shorten it\\.", message);
        // The playground asks through the same service, so it shows the same message.
        var shown = await Assert.ThrowsAsync<ArgumentException>(() => predictions.AskAsync("qa", LongQuestion, ReviewSource.Playground));
        Assert.Contains(shown.Message, message);
        Assert.Contains("The claim is 501 characters long; the limit is 500.", await tooManyCharacters.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_claim_the_fact_checker_cannot_read_whole_is_refused_instead_of_crashing_the_model()
    {
        var claim = string.Join(" ", Enumerable.Repeat("Paris", 70)) + " is the capital of France.";

        var response = await service.PostAsJsonAsync("/api/predict", new { task = "fc", input = claim });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("the fact checking model reads at most 62", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_or_holds_a_broken_character_gets_a_400_saying_so()
    {
        var before = await CountAsync();
        var bytes = Encoding.UTF8.GetBytes("{\"task\":\"qa\",\"input\":\"What is the capital of \u0001\"}").ToList();
        bytes.InsertRange(bytes.Count - 3, new byte[] { 0xC3, 0x28 });
        var invalidUtf8 = new ByteArrayContent(bytes.ToArray());
        invalidUtf8.Headers.ContentType = new("application/json");
        var loneSurrogate = new StringContent("{\"task\":\"qa\",\"input\":\"What is \\ud800 the capital?\"}", Encoding.UTF8, "application/json");

        var notUtf8 = await service.PostAsync("/api/predict", invalidUtf8);
        var broken = await service.PostAsync("/api/predict", loneSurrogate);

        await ApiErrorTests.AssertProblemAsync(notUtf8, HttpStatusCode.BadRequest, "as UTF-8 JSON.");
        await ApiErrorTests.AssertProblemAsync(broken, HttpStatusCode.BadRequest, "The body is not the JSON this operation reads (at input");
        Assert.Contains("could not be read", await broken.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountAsync());
    }

    [Theory]
    [InlineData("   ", "Paris", "The question is empty.")]
    [InlineData("What is the capital of Peru?", " ", "Type the right answer.")]
    [InlineData("What is the capital of Peru?", "Li\u001Bma", "The answer holds the control character U+001B")]
    [InlineData("\u200b\u2060", "Lima", "The question is empty.")]
    [InlineData("What is the capital of Peru?", "\u200b", "Type the right answer.")]
    [InlineData("What is the capital of Peru?", "Li\u202Ema", "The answer holds the control character U+202E at position 3; remove it.")]
    public async Task A_blank_or_garbled_correction_is_refused_and_nothing_is_queued(string input, string target, string message)
    {
        var before = await CorrectionCountAsync();

        var response = await service.PostAsJsonAsync("/api/corrections", new { task = "qa", input, target, wrongOutput = "Quito" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await CorrectionCountAsync());
    }

    [Fact]
    public async Task A_correction_with_an_over_long_paraphrase_or_answer_is_refused()
    {
        var paraphrase = await service.PostAsJsonAsync("/api/corrections",
            new { task = "qa", input = "What is the capital of Peru?", target = "Lima", wrongOutput = "Quito", paraphrases = new[] { "Peru's capital?", LongQuestion } });
        var answer = await service.PostAsJsonAsync("/api/corrections",
            new { task = "qa", input = "What is the capital of Peru?", target = string.Join(" ", Enumerable.Repeat("Lima", 20)), wrongOutput = "Quito" });

        Assert.Contains("Paraphrase 2 is", await paraphrase.Content.ReadAsStringAsync());
        Assert.Contains("the model answers in at most 15", await answer.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("qa", "What is the capital of France?")]
    [InlineData("fc", "Paris is the capital of France.")]
    public async Task A_correction_that_is_the_models_current_answer_is_refused(string task, string input)
    {
        var answer = (await (await service.PostAsJsonAsync("/api/predict", new { task, input })).Content.ReadFromJsonAsync<PredictResponse>())!.Output;
        var before = await CorrectionCountAsync();

        var response = await service.PostAsJsonAsync("/api/corrections", new { task, input, target = $" {answer} " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"The model already answers '{answer}', which is the correction", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await CorrectionCountAsync());
    }

    [Fact]
    public async Task An_import_with_rows_the_model_cannot_read_whole_is_refused_whole()
    {
        var import = portal.Services.GetRequiredService<ReviewImport>();
        var parsed = ImportParser.Parse("batch.jsonl", $"{{\"input\":\"What is the capital of Peru?\"}}\n{{\"input\":\"{LongQuestion}\"}}", "qa");
        var before = await CountAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => import.ImportAsync(parsed.Rows, "test", "batch.jsonl"));

        Assert.Empty(parsed.Errors);
        Assert.StartsWith("line 2: The input is", error.Message);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public void An_import_row_of_invisible_characters_or_with_a_bidi_override_is_reported_with_its_line()
    {
        var parsed = ImportParser.Parse("batch.jsonl",
            "{\"input\":\"What is the capital of Peru?\"}\n{\"input\":\"\\u200b\\u200b\"}\n{\"input\":\"What is \\u202Ethe capital of Chad?\"}",
            "qa");

        Assert.Equal("What is the capital of Peru?", Assert.Single(parsed.Rows).Input);
        Assert.Equal(["line 2: The input is empty.", "line 3: The input holds the control character U+202E at position 9; remove it."], parsed.Errors);
    }

    private async Task<int> CountAsync()
    {
        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        return await db.ReviewItems.CountAsync();
    }

    private async Task<int> CorrectionCountAsync()
    {
        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        return await db.Corrections.CountAsync();
    }
}
