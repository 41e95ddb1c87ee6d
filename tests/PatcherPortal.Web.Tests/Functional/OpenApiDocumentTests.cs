using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>The API description is enough to call the API: each operation's errors, the admin-only operations, the task
/// codes, and a mistake reported end to end.</summary>
public sealed class OpenApiDocumentTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    private JsonElement document;

    public async Task InitializeAsync() =>
        document = JsonDocument.Parse(await PortalClient.Anonymous(portal).GetStringAsync("/openapi/v1.json")).RootElement;

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Every_api_route_is_described_with_the_errors_it_can_answer_each_with_its_meaning()
    {
        var routes = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(r => r.RoutePattern.RawText!.StartsWith("/api/")).ToList();
        Assert.True(routes.Count >= 13, $"only {routes.Count} API routes");
        foreach (var route in routes)
        {
            var method = route.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Single().ToLowerInvariant();
            var operation = document.GetProperty("paths").GetProperty(route.RoutePattern.RawText!).GetProperty(method);
            var responses = operation.GetProperty("responses").EnumerateObject().ToDictionary(r => r.Name, r => r.Value);
            var name = $"{method} {route.RoutePattern.RawText}";
            var admin = route.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Policies.Admin);

            Assert.True(responses.Keys.Any(k => k is "200" or "202"), $"{name} documents no success");
            Assert.All(["401", "429"], code => Assert.True(responses.ContainsKey(code), $"{name} lacks {code}"));
            Assert.Equal(admin, responses.ContainsKey("403"));
            Assert.Equal(admin, operation.TryGetProperty("description", out var description) && description.GetString()!.Contains(ApiDescription.AdminOnly));
            if (operation.TryGetProperty("requestBody", out _))
                Assert.All(["400", "413", "415"], code => Assert.True(responses.ContainsKey(code), $"{name} lacks {code}"));
            if (route.RoutePattern.RawText!.Contains("{id}"))
                Assert.All(["400", "404"], code => Assert.True(responses.ContainsKey(code), $"{name} lacks {code}"));
            foreach (var (code, response) in responses.Where(r => r.Key != "200"))
                Assert.True(response.GetProperty("description").GetString()!.Length > 40, $"{name} {code} is not explained");
        }
    }

    [Theory]
    [InlineData("/api/corrections", "post", new[] { "202", "400", "409", "413", "503" })]
    [InlineData("/api/predict", "post", new[] { "200", "400", "503" })]
    [InlineData("/api/patches/{id}/approve", "post", new[] { "200", "403", "404", "409" })]
    [InlineData("/api/models/{model}/consolidate", "post", new[] { "202", "403", "409", "503" })]
    [InlineData("/api/models/{model}/corrections/{id}/retrain", "post", new[] { "202", "404", "409" })]
    [InlineData("/api/models/{model}/corrections/{id}/neighbours/{neighbourId}", "put", new[] { "200", "400", "404", "409" })]
    public void The_operations_that_queue_work_or_depend_on_state_document_it(string path, string method, string[] codes)
    {
        var responses = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");

        Assert.All(codes, code => Assert.True(responses.TryGetProperty(code, out _), $"{method} {path} lacks {code}"));
    }

    [Fact]
    public void The_built_in_models_are_named_wherever_a_model_is_given()
    {
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var rollbackModel = document.GetProperty("paths").GetProperty("/api/models/{model}/rollback").GetProperty("post").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "model").GetProperty("schema");

        foreach (var schema in new[]
                 {
                     schemas.GetProperty(nameof(PredictRequest)).GetProperty("properties").GetProperty("model"),
                     schemas.GetProperty(nameof(PredictRequest)).GetProperty("properties").GetProperty("task"),
                     schemas.GetProperty(nameof(ReportRequest)).GetProperty("properties").GetProperty("model"),
                     rollbackModel,
                 })
            Assert.Contains("qa (question answering", schema.GetProperty("description").GetString());
    }

    [Fact]
    public void The_description_walks_through_reporting_a_mistake_and_the_requests_carry_examples()
    {
        var overview = document.GetProperty("info").GetProperty("description").GetString()!;
        var paths = document.GetProperty("paths");

        Assert.Equal(["POST /api/predict", "POST /api/corrections", "GET /api/corrections/7", "POST /api/patches/{patchId}/approve"],
            new[] { "POST /api/predict", "POST /api/corrections", "GET /api/corrections/7", "POST /api/patches/{patchId}/approve" }
                .OrderBy(step => overview.IndexOf(step, StringComparison.Ordinal)).Where(step => overview.Contains(step)));
        Assert.Contains("Retry-After", overview);
        foreach (var path in new[] { "/api/predict", "/api/corrections" })
        {
            var example = paths.GetProperty(path).GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
            Assert.Equal("qa", example.GetProperty("task").GetString());
        }
    }

}
