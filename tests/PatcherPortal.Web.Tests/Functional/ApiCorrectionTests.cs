using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>A mistake reported through the API is the model's own answer, whatever the caller claims, and its fix
/// closes the review items waiting on the same question.</summary>
public sealed class ApiCorrectionTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    private HttpClient service = default!;

    public async Task InitializeAsync()
    {
        await portal.ReadyAsync();
        service = PortalClient.WithApiKey(portal, (await portal.Services.GetRequiredService<ApiKeys>().CreateAsync("service", Roles.Annotator, "test")).Secret);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_target_the_model_already_answers_is_refused_even_when_the_caller_claims_another_wrong_output()
    {
        const string question = "What is the capital of France?";
        var answer = (await service.PredictAsync("qa", question)).Output;
        var before = await CorrectionCountAsync();

        var response = await service.PostAsJsonAsync("/api/corrections", new { task = "qa", input = question, target = answer, wrongOutput = "berlin" });

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, $"The model already answers '{answer}', which is the correction: there is nothing to fix.");
        Assert.Equal(before, await CorrectionCountAsync());
    }

    [Fact]
    public async Task A_fixed_api_correction_records_the_models_real_answer_and_closes_the_pending_items_of_the_same_question()
    {
        var asked = await service.PredictAsync("qa", Facts.Question);
        var askedAgain = await service.PredictAsync("qa", $"  {Facts.Question.ToUpperInvariant()}");
        var otherQuestion = await service.PredictAsync("qa", "What is the capital of France?");
        var otherModel = await service.PredictAsync("fc", Facts.Question);

        var report = await service.PostAsJsonAsync("/api/corrections", new { task = "qa", input = Facts.Question, target = Facts.Answer, wrongOutput = "berlin" });
        Assert.Equal(HttpStatusCode.Accepted, report.StatusCode);
        var id = (await report.Content.ReadFromJsonAsync<ReportResponse>())!.CorrectionId;
        Assert.Equal("Fixed", (await service.WaitForJobAsync(id)).Status);

        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        Assert.Equal(asked.Output, (await db.Corrections.SingleAsync(c => c.Id == id)).WrongOutput);
        var items = await db.ReviewItems.Where(r => new[] { asked.ReviewItemId, askedAgain.ReviewItemId, otherQuestion.ReviewItemId, otherModel.ReviewItemId }.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id);
        Assert.All([items[asked.ReviewItemId], items[askedAgain.ReviewItemId]], item =>
        {
            Assert.Equal(ReviewStatus.WrongCorrected, item.Status);
            Assert.Equal(id, item.CorrectionId);
            Assert.Equal("api:service", item.ReviewedBy);
        });
        Assert.Equal(ReviewStatus.Pending, items[otherQuestion.ReviewItemId].Status);
        Assert.Equal(ReviewStatus.Pending, items[otherModel.ReviewItemId].Status);
    }

    private async Task<int> CorrectionCountAsync()
    {
        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        return await db.Corrections.CountAsync();
    }
}
