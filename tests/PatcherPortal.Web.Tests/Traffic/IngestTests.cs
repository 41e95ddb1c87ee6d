using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Review.Traffic;
using PatcherPortal.Web.Tests.Support;
using static PatcherPortal.Web.Tests.Traffic.TrafficClient;

namespace PatcherPortal.Web.Tests.Traffic;

/// <summary>Outputs of another serving system sent to <c>/api/models/{model}/ingest</c>: stored whole or refused whole, once per row id.</summary>
public sealed class IngestTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    private HttpClient service = default!;
    private HttpClient admin = default!;

    public async Task InitializeAsync()
    {
        await portal.ReadyAsync();
        var keys = portal.Services.GetRequiredService<ApiKeys>();
        service = PortalClient.WithApiKey(portal, (await keys.CreateAsync("serving", Roles.Annotator, "test")).Secret);
        admin = PortalClient.WithApiKey(portal, (await keys.CreateAsync("ops", Roles.Admin, "test")).Secret);
        await admin.SetPolicyAsync("qa", SamplingPolicy.Default);
        await admin.SetPolicyAsync("fc", SamplingPolicy.Default);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_good_batch_reaches_the_review_queue_with_its_confidence_and_metadata()
    {
        var result = await service.IngestAsync("qa",
            Row("good-1", "What is the capital of Peru? (good)", "Lima", 0.93, new { requestId = "r-17", region = "eu" }),
            Row("good-2", "What is the capital of Chile? (good)", "Santiago"));

        Assert.Equal((2, 2, 0, 0, 0), (result.Received, result.Queued, result.Folded, result.SampledOut, result.Duplicates));
        Assert.All(result.Rows, r => Assert.Equal("Queued", r.Outcome));
        var page = await service.ReviewAsync("qa", "search=(good)&source=Ingest");
        Assert.Equal(2, page.Total);
        var peru = Assert.Single(page.Items, i => i.Input.Contains("Peru"));
        Assert.Equal(("Lima", 0.93, 1, "Pending"), (peru.Output, peru.Confidence, peru.Occurrences, peru.Status));
        Assert.Equal("r-17", peru.Metadata!.Value.GetProperty("requestId").GetString());
        Assert.Equal(result.Rows[0].ReviewItemId, peru.Id);
        Assert.Contains("/api/models/{model}/ingest", await PortalClient.Anonymous(portal).GetStringAsync("/openapi/v1.json"));
    }

    [Fact]
    public async Task A_batch_sent_again_adds_nothing_and_says_so()
    {
        object[] rows = [Row("again-1", "What is the capital of Peru? (again)", "Lima"), Row("again-2", "What is the capital of Peru? (again)", "Lima"),
            Row("again-3", "What is the capital of Chad? (again)", "Ndjamena", 0.4)];
        var first = await service.IngestAsync("qa", rows);
        var before = await CountsAsync("qa");

        var second = await service.IngestAsync("qa", rows);

        Assert.Equal((3, 2, 1), (first.Received, first.Queued, first.Folded));
        Assert.Equal((3, 0, 0, 0, 3), (second.Received, second.Queued, second.Folded, second.SampledOut, second.Duplicates));
        Assert.Equal("All 3 rows were received before; nothing was added.", second.Message);
        Assert.Equal(first.Rows.Select(r => r.ReviewItemId), second.Rows.Select(r => r.ReviewItemId));
        Assert.Equal(before, await CountsAsync("qa"));
        var peru = Assert.Single((await service.ReviewAsync("qa", "search=" + Uri.EscapeDataString("Peru? (again)"))).Items);
        Assert.Equal(2, peru.Occurrences);
    }

    [Fact]
    public async Task A_malformed_batch_is_refused_whole_with_the_row_numbers_and_nothing_is_stored()
    {
        var before = await CountsAsync("qa");

        var response = await service.PostAsJsonAsync("/api/models/qa/ingest", new
        {
            rows = new object[]
            {
                Row("bad-1", "What is the capital of Peru? (bad)", "Lima"),
                Row("bad-2", "   ", "Lima"),
                Row("bad-3", "What is the capital of Peru? (bad)", "Li\u0007ma"),
                Row("bad-4", "What is the capital of Peru? (bad)", "Lima", 1.5),
                Row("bad-1", "What is the capital of Chile? (bad)", "Santiago"),
                new { id = "bad-6", input = "What is the capital of Peru? (bad)", output = "Lima", metadata = "a string" },
                Row("bad-7", new string('a', 501), "Lima"),
                new { input = "What is the capital of Peru? (bad)", output = "Lima" },
                new { id = "bad-9", input = "What is the capital of Peru? (bad)", output = 7 },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("The batch was refused", problem.RootElement.GetProperty("title").GetString());
        Assert.Contains("8 of 9 rows are wrong; nothing was stored.", problem.RootElement.GetProperty("detail").GetString());
        var errors = problem.RootElement.GetProperty("errors").EnumerateArray()
            .ToDictionary(e => e.GetProperty("row").GetInt32(), e => e.GetProperty("message").GetString()!);
        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9], errors.Keys.Order());
        Assert.Equal("The input is empty.", errors[2]);
        Assert.Contains("control character U+0007", errors[3]);
        Assert.Contains("not a number from 0 to 1", errors[4]);
        Assert.Contains("also row 1's", errors[5]);
        Assert.Contains("not a JSON object", errors[6]);
        Assert.Contains("501 characters long; the limit is 500", errors[7]);
        Assert.Contains("\"id\" is missing", errors[8]);
        Assert.Equal("\"output\" is not a string.", errors[9]);
        Assert.Equal(before, await CountsAsync("qa"));
        // The good row was not received either: sent alone, it is queued.
        Assert.Equal(1, (await service.IngestAsync("qa", Row("bad-1", "What is the capital of Peru? (bad)", "Lima"))).Queued);
    }

    [Fact]
    public async Task A_batch_over_the_size_limit_is_refused_with_413()
    {
        var rows = Enumerable.Range(0, IngestBatchReader.MaxRows + 1).Select(i => Row($"big-{i}", $"Question {i}?", "x")).ToArray();

        var response = await service.PostAsJsonAsync("/api/models/qa/ingest", new { rows });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"send at most {IngestBatchReader.MaxRows:N0} at a time", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Rate_sampling_queues_the_rows_its_draw_picks_by_id_so_a_retry_is_sampled_the_same()
    {
        await admin.SetPolicyAsync("qa", new SamplingPolicy(SamplingMode.Rate, Rate: 0.3));
        var ids = Enumerable.Range(0, 200).Select(i => $"rate-{i}").ToList();

        var result = await service.IngestAsync("qa", ids.Select((id, i) => Row(id, $"What is the capital of country {i}? (rate)", "Paris")).ToArray());

        var queued = result.Rows.Where(r => r.Outcome == "Queued").Select(r => r.Id).ToHashSet();
        Assert.Equal(ids.Where(id => Sampler.Draw("qa", id) < 0.3).ToHashSet(), queued);
        Assert.InRange(queued.Count, 40, 80);
        Assert.Equal(200 - queued.Count, result.SampledOut);
        Assert.Equal(queued.Count, (await service.ReviewAsync("qa", "search=(rate)")).Total);
        // A sampled-out row sent again stays out and adds nothing.
        var retry = await service.IngestAsync("qa", Row(ids.First(id => !queued.Contains(id)), "What is the capital of country 0? (rate)", "Paris"));
        Assert.Equal(1, retry.Duplicates);
    }

    [Fact]
    public async Task Lowest_confidence_sampling_queues_the_least_sure_rows_of_each_batch()
    {
        await admin.SetPolicyAsync("qa", new SamplingPolicy(SamplingMode.LowestConfidence, Keep: 2));

        var result = await service.IngestAsync("qa",
            Row("low-1", "What is the capital of Peru? (low)", "Lima", 0.9),
            Row("low-2", "What is the capital of Chile? (low)", "Santiago", 0.2),
            Row("low-3", "What is the capital of Chad? (low)", "Ndjamena"),
            Row("low-4", "What is the capital of Mali? (low)", "Bamako", 0.5),
            Row("low-5", "What is the capital of Togo? (low)", "Lome", 0.1));

        Assert.Equal(["low-2", "low-5"], result.Rows.Where(r => r.Outcome == "Queued").Select(r => r.Id).Order());
        Assert.Equal(3, result.SampledOut);
        var page = await service.ReviewAsync("qa", "search=(low)");
        Assert.Equal([0.1, 0.2], page.Items.Select(i => i.Confidence!.Value).Order());
    }

    [Fact]
    public async Task The_same_output_to_the_same_input_is_queued_once_and_counted()
    {
        var first = await service.IngestAsync("qa",
            Row("fold-1", "What is the capital of Peru? (fold)", "Lima"),
            Row("fold-2", "  what is the CAPITAL of  Peru? (fold) ", "Lima"),
            Row("fold-3", "What is the capital of Peru? (fold)", "Cusco"));
        var later = await service.IngestAsync("qa", Row("fold-4", "What is the capital of peru? (fold)", "Lima"));

        Assert.Equal(["Queued", "Folded", "Queued"], first.Rows.Select(r => r.Outcome));
        Assert.Equal(("Folded", first.Rows[0].ReviewItemId), (later.Rows[0].Outcome, later.Rows[0].ReviewItemId));
        var items = (await service.ReviewAsync("qa", "search=(fold)")).Items;
        Assert.Equal(2, items.Count);
        Assert.Equal(3, items.Single(i => i.Output == "Lima").Occurrences);
        Assert.Equal(1, items.Single(i => i.Output == "Cusco").Occurrences);
    }

    [Fact]
    public async Task More_than_200_items_are_reachable_page_by_page_with_the_right_totals_and_filters()
    {
        var rows = Enumerable.Range(0, 260).Select(i => Row($"page-{i}", $"What is the capital of country {i}? (paging)", "Paris", i / 260.0)).ToArray();
        Assert.Equal(260, (await service.IngestAsync("qa", rows)).Queued);

        var seen = new List<int>();
        for (var skip = 0; ; skip += 100)
        {
            var page = await service.ReviewAsync("qa", $"search=(paging)&status=Pending&skip={skip}&take=100");
            Assert.Equal(260, page.Total);
            if (page.Items.Count == 0) break;
            seen.AddRange(page.Items.Select(i => i.Id));
        }

        Assert.Equal(260, seen.Distinct().Count());
        var band = await service.ReviewAsync("qa", "search=(paging)&minConfidence=0.25&maxConfidence=0.5&take=1");
        Assert.Equal(Enumerable.Range(0, 260).Count(i => i / 260.0 is >= 0.25 and <= 0.5), band.Total);
        Assert.Equal(0, (await service.ReviewAsync("qa", "search=(paging)&source=Playground")).Total);
        Assert.Equal(HttpStatusCode.BadRequest, (await service.GetAsync("/api/models/qa/review?take=501")).StatusCode);
    }

    [Fact]
    public async Task The_review_page_shows_one_page_of_the_queue_with_its_total()
    {
        await service.IngestAsync("qa", Enumerable.Range(0, 60).Select(i => Row($"view-{i}", $"What is the capital of place {i}? (view)", "Paris")).ToArray());
        var annotator = await PortalClient.SignedInAsync(portal, TestPortal.AnnotatorEmail);

        var html = await annotator.GetStringAsync("/review?model=qa");

        var total = (await service.ReviewAsync("qa", "status=Pending&take=1")).Total;
        Assert.True(total >= 60);
        Assert.Contains($"1–50 of {total:N0}", System.Net.WebUtility.HtmlDecode(html));
        Assert.Equal(50, System.Text.RegularExpressions.Regex.Matches(html, "data-testid=\"review-row\"").Count);
    }

    [Fact]
    public async Task Only_admins_change_a_sampling_policy_and_a_wrong_one_is_refused()
    {
        var refused = await service.PutAsJsonAsync("/api/models/qa/review/policy", new SamplingPolicy(SamplingMode.Rate, Rate: 0.5));
        var wrong = await admin.PutAsJsonAsync("/api/models/qa/review/policy", new SamplingPolicy(SamplingMode.Rate, Rate: 0));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("more than 0, at most 1", await wrong.Content.ReadAsStringAsync());
        var policy = await service.GetFromJsonAsync<SamplingPolicyResponse>("/api/models/qa/review/policy");
        Assert.Equal(SamplingMode.All, policy!.Mode);
    }

    [Fact]
    public async Task Retention_removes_old_and_surplus_undecided_items_but_never_decided_or_corrected_ones()
    {
        var label = portal.Services.GetRequiredService<Web.Hosting.ModelRegistry>()["fc"].Labels[0];
        var sent = await service.IngestAsync("fc", Enumerable.Range(1, 5).Select(i => Row($"keep-{i}", $"Claim number {i} holds. (keep)", label)).ToArray());
        var item = sent.Rows.ToDictionary(r => r.Id, r => r.ReviewItemId!.Value);
        await portal.Services.GetRequiredService<Web.Review.ReviewService>().SetStatusAsync(item["keep-1"], ReviewStatus.Correct, "annotator");
        await using (var db = await Seed.Databases(portal).CreateDbContextAsync())
        {
            var correction = new Correction { Model = "fc", Input = "Claim number 2 holds. (keep)", WrongOutput = label, Target = label, Author = "test", CreatedAt = DateTime.UtcNow, Status = CorrectionStatus.Failed };
            db.Corrections.Add(correction);
            await db.SaveChangesAsync();
            foreach (var (id, daysAgo) in new[] { ("keep-1", 20), ("keep-2", 20), ("keep-3", 10), ("keep-4", 2), ("keep-5", 1) })
                await db.ReviewItems.Where(i => i.Id == item[id]).ExecuteUpdateAsync(u => u.SetProperty(i => i.CreatedAt, DateTime.UtcNow.AddDays(-daysAgo)));
            await db.ReviewItems.Where(i => i.Id == item["keep-2"]).ExecuteUpdateAsync(u => u.SetProperty(i => i.CorrectionId, correction.Id));
        }

        // By age, as the recurring sweep applies it: only the undecided item older than 7 days goes.
        var byAge = new SamplingPolicy(MaxAgeDays: 7);
        await admin.SetPolicyAsync("fc", byAge);
        Assert.Equal(1, await portal.Services.GetRequiredService<ReviewRetention>().ApplyAsync("fc", byAge));
        Assert.Equal(["keep-1", "keep-2", "keep-4", "keep-5"], await SurvivorsAsync());

        // By count, on write: three items at most, so the two oldest undecided ones make room for the new one.
        await admin.SetPolicyAsync("fc", new SamplingPolicy(MaxItems: 3));
        await service.IngestAsync("fc", Row("keep-6", "Claim number 6 holds. (keep)", label));
        Assert.Equal(["keep-1", "keep-2", "keep-6"], await SurvivorsAsync());

        var again = await service.IngestAsync("fc", Row("keep-4", "Claim number 4 holds. (keep)", label));
        Assert.Equal((1, (int?)null), (again.Duplicates, again.Rows[0].ReviewItemId));
        Assert.Equal(["keep-1", "keep-2", "keep-6"], await SurvivorsAsync());

        async Task<List<string>> SurvivorsAsync() => (await service.ReviewAsync("fc", "search=(keep)&take=50")).Items
            .Select(i => "keep-" + i.Input.Split(' ')[2]).Order().ToList();
    }

    private async Task<(int Items, int Receipts)> CountsAsync(string model)
    {
        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        return (await db.ReviewItems.CountAsync(i => i.Model == model), await db.IngestReceipts.CountAsync(r => r.Model == model));
    }
}
