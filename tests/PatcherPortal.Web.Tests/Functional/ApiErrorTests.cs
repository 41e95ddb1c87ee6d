using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>
/// Every way an API call can fail answers an RFC 7807 problem whose detail tells the caller what to do, in the API's
/// terms: never an empty body, a .NET type name or a hint meant for the portal's developers.
/// </summary>
public sealed class ApiErrorTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    private HttpClient annotator = default!;

    public async Task InitializeAsync()
    {
        await portal.ReadyAsync();
        annotator = PortalClient.WithApiKey(portal, (await portal.Services.GetRequiredService<ApiKeys>().CreateAsync("service", Roles.Annotator, "test")).Secret);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_call_without_a_key_or_with_an_unknown_one_is_told_how_to_authenticate()
    {
        var withoutKey = await PortalClient.Anonymous(portal).GetAsync("/api/models");
        var unknownKey = await PortalClient.WithApiKey(portal, "pp_not-a-key").GetAsync("/api/models");

        await AssertProblemAsync(withoutKey, HttpStatusCode.Unauthorized, "Send an API key in the X-Api-Key header");
        await AssertProblemAsync(unknownKey, HttpStatusCode.Unauthorized, "The API key in the X-Api-Key header is unknown or revoked");
    }

    [Fact]
    public async Task An_annotator_calling_an_admin_operation_is_told_it_needs_the_admin_role()
    {
        var byKey = await annotator.PostAsJsonAsync("/api/models/qa/rollback", new { version = 1 });
        var signedIn = await (await PortalClient.SignedInAsync(portal, TestPortal.AnnotatorEmail)).PostAsJsonAsync($"/api/patches/{Guid.NewGuid()}/reject", new { });

        await AssertProblemAsync(byKey, HttpStatusCode.Forbidden, "needs the admin role");
        await AssertProblemAsync(signedIn, HttpStatusCode.Forbidden, "needs the admin role");
    }

    [Theory]
    [InlineData("/api/patches/xyz", "'xyz' is not a valid id: use a GUID")]
    [InlineData("/api/corrections/abc", "'abc' is not a valid id: use a whole number")]
    public async Task A_malformed_id_in_the_path_is_a_400_naming_the_value(string path, string detail)
    {
        await AssertProblemAsync(await annotator.GetAsync(path), HttpStatusCode.BadRequest, detail);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_naming_the_right_one_and_an_unknown_operation_a_404_pointing_to_the_description()
    {
        var wrongMethod = await annotator.GetAsync("/api/predict");
        var unknown = await annotator.GetAsync("/api/answers");

        await AssertProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed, "/api/predict does not take GET; use POST.");
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "There is no API operation GET /api/answers; the operations are listed in /openapi/v1.json.");
    }

    [Fact]
    public async Task A_missing_body_is_told_the_fields_the_operation_reads()
    {
        var response = await annotator.PostAsync("/api/predict", null);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "This operation needs a JSON body: {\"input\": string (optional), \"model\": string (optional), \"task\": string (optional)}.");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_and_broken_or_mistyped_json_a_400_saying_where()
    {
        var text = await annotator.PostAsync("/api/predict", new StringContent("What is the capital of Peru?", Encoding.UTF8, "text/plain"));
        var broken = await annotator.PostAsync("/api/predict", new StringContent("{\"task\": \"qa\", \"input\": ", Encoding.UTF8, "application/json"));
        var mistyped = await annotator.PostAsync("/api/predict", JsonContent.Create(new { task = 5, input = "What is the capital of Peru?" }));

        await AssertProblemAsync(text, HttpStatusCode.UnsupportedMediaType, "Send the body as JSON with the header Content-Type: application/json");
        await AssertProblemAsync(broken, HttpStatusCode.BadRequest, "The body is not the JSON this operation reads");
        await AssertProblemAsync(mistyped, HttpStatusCode.BadRequest, "(at task, line 1, byte 10). Send {\"input\": string (optional), \"model\": string (optional), \"task\": string (optional)} as UTF-8 JSON.");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_saying_the_limit()
    {
        var huge = JsonContent.Create(new { task = "qa", input = new string('a', ApiProblems.MaxBodyBytes) });
        await huge.LoadIntoBufferAsync();

        var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/predict") { Content = new ByteArrayContent(await huge.ReadAsByteArrayAsync()) };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;

        var response = await annotator.PostAsync("/api/predict", huge);
        var undeclared = await annotator.SendAsync(chunked);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "the API reads at most 64 KB");
        await AssertProblemAsync(undeclared, HttpStatusCode.RequestEntityTooLarge, "the API reads at most 64 KB");
    }

    [Fact]
    public async Task A_bad_value_is_a_400_with_the_services_own_message()
    {
        var response = await annotator.PostAsJsonAsync("/api/predict", new { task = "xx", input = "What is the capital of Peru?" });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "There is no model 'xx' in service (registered: ");
    }

    /// <summary>A problem document (RFC 7807) with this status, a title and a detail holding <paramref name="detail"/>, free of the framework's words.</summary>
    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()));
        Assert.Contains(detail, problem.RootElement.GetProperty("detail").GetString());
        foreach (var leak in new[] { "PatcherPortal.", "System.", "Did you mean", "Microsoft.", "parameter \"" })
            Assert.DoesNotContain(leak, body);
    }
}
