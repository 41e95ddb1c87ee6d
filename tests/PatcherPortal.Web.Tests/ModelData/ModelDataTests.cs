using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.ModelData;
using PatcherPortal.Web.Review;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.ModelData;

/// <summary>Each registered model's own data: an admin's examples file becomes its memory and keep set; a model without
/// data still edits and says which figures it cannot give; its corrections go out as edits and replay on another model.</summary>
public sealed class ModelDataTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    private static readonly string[] Weather = ["cold", "warm"];
    private HttpClient admin = default!;
    private HttpClient annotator = default!;

    public async Task InitializeAsync()
    {
        await portal.ReadyAsync();
        var keys = portal.Services.GetRequiredService<ApiKeys>();
        admin = PortalClient.WithApiKey(portal, (await keys.CreateAsync("ops", Roles.Admin, "test")).Secret);
        annotator = PortalClient.WithApiKey(portal, (await keys.CreateAsync("service", Roles.Annotator, "test")).Secret);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_uploaded_examples_file_becomes_a_disjoint_memory_and_keep_set_that_the_retain_metrics_measure()
    {
        await RegisterAsync("weather-data");
        var rows = TinyClassifierDirectory.Known.Select((k, i) =>
            $$"""{"input":"{{k.Sentence}}","target":"{{Weather[k.Label]}}","paraphrases":["{{k.Sentence}} today"]}""")
            .Append("""{"input":"the tea froze over","target":"cold","split":"test"}""");

        var summary = await UploadAsync("weather-data", string.Join('\n', rows));

        Assert.Equal(("weather-data", 9, true), (summary.Model, summary.Examples, summary.ParaphraseShifts));
        Assert.True(summary.MemoryInputs > 0 && summary.KeepTrain > 0 && summary.KeepTest == 1, $"{summary}");
        var data = portal.Services.GetRequiredService<ModelRegistry>().Evaluation("weather-data");
        var memory = data.Memory.Select(m => m.Input).ToHashSet();
        Assert.DoesNotContain(data.Train.Concat(data.Test), e => memory.Contains(e.Input) || memory.Contains(e.Input + " today"));
        Assert.Subset(TinyClassifierDirectory.Known.Select(k => k.Sentence).ToHashSet(), data.Train.Select(t => t.Input).ToHashSet());
        Assert.Equal([new LabelledInput("the tea froze over", "cold")], data.Test);
        Assert.DoesNotContain(summary.Missing, m => m.Name is "TrainR" or "TestR");
    }

    [Fact]
    public async Task A_malformed_examples_file_is_refused_naming_its_line_and_the_model_keeps_its_data()
    {
        await RegisterAsync("weather-refused");
        var response = await admin.PostAsync("/api/models/weather-refused/data",
            Form("{\"input\":\"snow fell all night\",\"target\":\"cold\"}\n{\"input\":\"the oven glows\"}", "examples.jsonl"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 2", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
        var summary = (await admin.GetFromJsonAsync<ModelDataSummary>("/api/models/weather-refused/data"))!;
        Assert.Null(summary.File);
    }

    [Fact]
    public async Task The_model_page_shows_a_refused_upload_by_line_keeps_the_data_and_then_shows_what_a_good_file_gives()
    {
        await RegisterAsync("weather-page");
        await using var bunit = Components.PortalBunit.Create();
        bunit.Services.AddSingleton(portal.Services.GetRequiredService<ModelDataStore>());
        var panel = bunit.Render<Web.Components.Pages.Models.ModelDataPanel>(p => p.Add(c => c.Model, "weather-page"));
        Assert.Contains("none: the editor runs without shifts", panel.Find("[data-testid=data-shifts]").TextContent);
        Assert.Contains("No TrainR", panel.Markup);

        panel.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "{\"input\":\"snow fell all night\",\"target\":\"cold\"}\n{\"input\":\"the oven glows\"}", "examples.jsonl"));

        panel.WaitForAssertion(() => Assert.Contains("line 2", panel.Find("[data-testid=data-error]").TextContent));
        Assert.Contains("none uploaded", panel.Find("[data-testid=data-file]").TextContent);

        var rows = TinyClassifierDirectory.Known.Select(k => $$"""{"input":"{{k.Sentence}}","target":"{{Weather[k.Label]}}","paraphrases":["{{k.Sentence}} today"]}""");
        panel.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(string.Join('\n', rows), "weather.jsonl"));

        panel.WaitForAssertion(() => Assert.Contains("examples.jsonl", panel.Find("[data-testid=data-file]").TextContent));
        Assert.Contains("present: patches train with paraphrase shifts", panel.Find("[data-testid=data-shifts]").TextContent);
        Assert.Empty(panel.FindAll("[data-testid=data-error]"));
        Assert.Equal(ModelDataStoreSummary("weather-page").KeepTrain.ToString("N0") + " for TrainR",
            panel.Find("[data-testid=data-keep]").TextContent.Split(',')[0]);
    }

    private ModelDataSummary ModelDataStoreSummary(string model) => portal.Services.GetRequiredService<ModelDataStore>().Summary(model);

    [Fact]
    public async Task A_model_without_data_still_edits_and_says_which_metrics_it_cannot_compute()
    {
        await RegisterAsync("weather-bare");
        var summary = (await annotator.GetFromJsonAsync<ModelDataSummary>("/api/models/weather-bare/data"))!;
        Assert.Equal((null, 0, false), (summary.File, summary.MemoryInputs, summary.ParaphraseShifts));
        Assert.Contains(summary.Missing, m => m.Name == "TrainR");
        Assert.Contains(summary.Missing, m => m.Name == "TestR");

        var (input, target) = await WrongAnswerAsync("weather-bare");
        var done = await CorrectAsync("weather-bare", input, target);
        Assert.Equal(target, (await PredictAsync("weather-bare", input)).Output);
    }

    [Fact]
    public async Task An_answer_an_annotator_keeps_joins_the_keep_set_that_TrainR_and_replay_use_and_a_skipped_one_cannot()
    {
        await RegisterAsync("weather-keep");
        var bare = (await annotator.GetFromJsonAsync<ModelDataSummary>("/api/models/weather-keep/data"))!;
        Assert.Contains(bare.Missing, m => m.Name == "TrainR");
        var answer = await PredictAsync("weather-keep", TinyClassifierDirectory.Unseen[0]);
        var plain = await PredictAsync("weather-keep", TinyClassifierDirectory.Unseen[1]);
        await portal.Services.GetRequiredService<ReviewService>().SetStatusAsync(plain.ReviewItemId, ReviewStatus.Correct, "test");

        var kept = await annotator.PostAsJsonAsync("/api/models/weather-keep/data/keep", new { reviewItemId = answer.ReviewItemId });

        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        var summary = (await kept.Content.ReadFromJsonAsync<ModelDataSummary>())!;
        Assert.Equal((1, 1), (summary.KeepTrain, summary.ReplayInputs));
        Assert.DoesNotContain(summary.Missing, m => m.Name is "TrainR" or "Consolidation replay");
        var data = portal.Services.GetRequiredService<ModelRegistry>().Evaluation("weather-keep");
        Assert.Equal([new LabelledInput(answer.Input, answer.Output)], data.Train);
        Assert.Equal([new LabelledInput(answer.Input, answer.Output)], data.Replay);
        // Accepting alone is not keeping: the other accepted answer stays out of the keep set.
        Assert.DoesNotContain(data.Train, t => t.Input == plain.Input);
        var page = (await annotator.GetFromJsonAsync<ReviewPageResponse>("/api/models/weather-keep/review?status=Correct"))!;
        Assert.Contains(page.Items, i => i.Id == answer.ReviewItemId);

        var skipped = await PredictAsync("weather-keep", TinyClassifierDirectory.Unseen[2]);
        await portal.Services.GetRequiredService<ReviewService>().SetStatusAsync(skipped.ReviewItemId, ReviewStatus.Skipped, "test");
        var refused = await annotator.PostAsJsonAsync("/api/models/weather-keep/data/keep", new { reviewItemId = skipped.ReviewItemId });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Single(portal.Services.GetRequiredService<ModelRegistry>().Evaluation("weather-keep").Train);
    }

    [Fact]
    public async Task A_correction_exported_from_one_model_and_imported_into_another_is_trained_afresh_there()
    {
        await RegisterAsync("weather-a");
        await RegisterAsync("weather-b");
        var (input, target) = await WrongAnswerAsync("weather-a", "weather-b");
        await CorrectAsync("weather-a", input, target);
        var version = (await admin.GetFromJsonAsync<ModelStatusResponse>("/api/models/weather-a"))!.Version;
        var patches = await annotator.GetAsync($"/api/models/weather-a/versions/{version}/patches");
        Assert.Equal(HttpStatusCode.OK, patches.StatusCode);
        Assert.NotEmpty(await patches.Content.ReadAsByteArrayAsync());
        using (var zip = new ZipArchive(await annotator.GetStreamAsync($"/api/models/weather-a/versions/{version}/export")))
            Assert.Subset(zip.Entries.Select(e => e.FullName).ToHashSet(), new HashSet<string> { "config.json", "patches.safetensors" });

        var export = await annotator.GetAsync("/api/models/weather-a/corrections/export?format=edits");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var edits = await export.Content.ReadAsStringAsync();
        Assert.Contains(input, edits);
        Assert.Contains("\"author\"", edits);
        Assert.NotEqual(target, (await PredictAsync("weather-b", input)).Output);

        var imported = await admin.PostAsync("/api/models/weather-b/imports", Form(edits, "weather-a-corrections-edits.jsonl"));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var report = (await imported.Content.ReadFromJsonAsync<ImportRunReport>())!;
        var row = Assert.Single(report.Rows);
        Assert.Equal((input, target, EditImport.Queued), (row.Input, row.Target, row.Outcome));
        Assert.Equal(row.CorrectionId, (await admin.GetFromJsonAsync<ImportRunReport>($"/api/models/weather-b/imports/{report.Id}"))!.Rows[0].CorrectionId);
        await ApproveAsync(row.CorrectionId!.Value);

        Assert.Equal(target, (await PredictAsync("weather-b", input)).Output);
        var again = (await (await admin.PostAsync("/api/models/weather-b/imports", Form(edits, "again.jsonl"))).Content.ReadFromJsonAsync<ImportRunReport>())!;
        Assert.Equal(EditImport.AlreadyCorrect, Assert.Single(again.Rows).Outcome);
    }

    private async Task RegisterAsync(string name)
    {
        var directory = TinyClassifierDirectory.Write(TinyClassifierDirectory.NewDirectory(), Weather);
        var registered = await admin.PostAsJsonAsync("/api/models", new { name, directory });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
    }

    private async Task<ModelDataSummary> UploadAsync(string model, string content)
    {
        var response = await admin.PostAsync($"/api/models/{model}/data", Form(content, "examples.jsonl"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ModelDataSummary>())!;
    }

    /// <summary>An unseen sentence the models all answer alike, and the other label as its target.</summary>
    private async Task<LabelledInput> WrongAnswerAsync(params string[] models)
    {
        foreach (var sentence in TinyClassifierDirectory.Unseen)
        {
            var answers = (await Task.WhenAll(models.Select(m => PredictAsync(m, sentence)))).Select(a => a.Output).Distinct().ToList();
            if (answers.Count == 1) return new LabelledInput(sentence, Weather.Single(l => l != answers[0]));
        }
        throw new InvalidOperationException("The models answer no unseen sentence alike.");
    }

    private async Task<CorrectionStatusResponse> CorrectAsync(string model, string input, string target)
    {
        var report = await annotator.PostAsJsonAsync($"/api/models/{model}/corrections", new { input, target });
        Assert.Equal(HttpStatusCode.Accepted, report.StatusCode);
        return await ApproveAsync((await report.Content.ReadFromJsonAsync<ReportResponse>())!.CorrectionId);
    }

    private async Task<CorrectionStatusResponse> ApproveAsync(int correctionId)
    {
        var done = await annotator.WaitForJobAsync(correctionId);
        Assert.True(done.Status == "Fixed", done.Message);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/patches/{done.Patches[0].PatchId}/approve", new { reason = "checked" })).StatusCode);
        return done;
    }

    private async Task<PredictResponse> PredictAsync(string model, string input)
    {
        var response = await annotator.PostAsJsonAsync($"/api/models/{model}/predict", new { input });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PredictResponse>())!;
    }

    private static MultipartFormDataContent Form(string content, string fileName) => new()
    {
        { new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "file", fileName },
    };
}
