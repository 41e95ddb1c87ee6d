using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

public sealed class AuthRulesTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    private static readonly string AnyPatch = $"/api/patches/{Guid.NewGuid()}";

    public Task InitializeAsync() => portal.ReadyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_annotator_cannot_roll_back_or_open_the_jobs_dashboard_but_can_ask_the_models()
    {
        var annotator = await PortalClient.SignedInAsync(portal, TestPortal.AnnotatorEmail);

        Assert.Equal(HttpStatusCode.Forbidden, (await annotator.PostAsJsonAsync("/api/models/qa/rollback", new { version = 1 })).StatusCode);
        var dashboard = await annotator.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
        Assert.Contains("/access-denied", dashboard.Headers.Location!.ToString());
        var answer = await annotator.PostAsJsonAsync("/api/predict", new { task = "fc", input = "Paris is the capital of France." });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task An_admin_reaches_the_jobs_dashboard_and_gets_a_clear_404_for_an_unknown_patch()
    {
        var admin = await PortalClient.SignedInAsync(portal, TestPortal.AdminEmail);

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire")).StatusCode);
        var response = await admin.PostAsJsonAsync(AnyPatch + "/approve", new { reason = "test" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no patch", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_keys_authenticate_with_their_role_and_a_revoked_or_unknown_key_is_refused()
    {
        var keys = portal.Services.GetRequiredService<ApiKeys>();
        var (key, secret) = await keys.CreateAsync("ingest service", Roles.Annotator, "test");
        var service = PortalClient.WithApiKey(portal, secret);

        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync("/api/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.PostAsJsonAsync(AnyPatch + "/remove", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PortalClient.WithApiKey(portal, "pp_not-a-key").GetAsync("/api/models")).StatusCode);

        await keys.RevokeAsync(key.Id, "test");
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.GetAsync("/api/models")).StatusCode);
        Assert.DoesNotContain(secret, string.Join(",", (await keys.ListAsync()).Select(k => k.Hash + k.Prefix)));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api_and_its_key()
    {
        var document = await PortalClient.Anonymous(portal).GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/predict", document);
        Assert.Contains("/api/corrections", document);
        Assert.Contains("/api/patches/{id}", document);
        Assert.Contains("X-Api-Key", document);
    }
}
