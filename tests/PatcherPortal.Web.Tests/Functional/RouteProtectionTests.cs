using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>
/// Every route the app maps, read from the app itself, so a page or endpoint added later is checked too: anonymous
/// callers reach only the sign-in pages, health and the API description; annotators are kept out of admin routes.
/// </summary>
public sealed partial class RouteProtectionTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    /// <summary>The only routes open without signing in (static files aside). Adding one means adding it here, on purpose.</summary>
    private static readonly string[] OpenToAnonymous =
        ["/health", "/health/models", "/openapi/{documentName}.json", "/login", "/setup", "/account/login", "/account/logout", "/account/setup", "/Error", "/not-found"];

    public Task InitializeAsync() => portal.ReadyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Only_the_listed_routes_allow_anonymous_callers_and_admin_routes_demand_the_admin_role()
    {
        var open = Routes().Where(r => r.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(Pattern).ToList();

        Assert.Equal(OpenToAnonymous.Order(), open.Order());
        Assert.All(Routes().Where(r => Pattern(r).StartsWith("/admin") || Pattern(r).StartsWith("/hangfire")), r => Assert.True(AdminOnly(r), Pattern(r)));
    }

    [Fact]
    public async Task Every_other_route_refuses_anonymous_callers()
    {
        var anonymous = PortalClient.Anonymous(portal);
        var checkedRoutes = 0;
        foreach (var route in Routes().Where(r => !OpenToAnonymous.Contains(Pattern(r))))
        {
            var response = await anonymous.SendAsync(Request(route));

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized || RedirectsTo(response, "/login"),
                $"{Method(route)} {Path(route)} answered an anonymous caller with {(int)response.StatusCode} {response.Headers.Location}");
            if (Path(route).StartsWith("/api/"))
                await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Send an API key in the X-Api-Key header");
            else
                Assert.Empty(await response.Content.ReadAsStringAsync());
            checkedRoutes++;
        }
        Assert.True(checkedRoutes >= 25, $"only {checkedRoutes} routes found");
    }

    [Fact]
    public async Task An_annotator_is_refused_exactly_the_admin_routes()
    {
        var annotator = await PortalClient.SignedInAsync(portal, TestPortal.AnnotatorEmail);
        var refused = new List<string>();
        foreach (var route in Routes().Where(r => !OpenToAnonymous.Contains(Pattern(r))))
        {
            var response = await annotator.SendAsync(Request(route));
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || RedirectsTo(response, "/login") || RedirectsTo(response, "/access-denied"))
                refused.Add(Pattern(route));
        }

        Assert.Equal(Routes().Where(AdminOnly).Select(Pattern).Order(), refused.Order());
        Assert.Contains("/hangfire/{**path}", refused);
        Assert.Contains("/admin", refused);
        Assert.Contains("/api/models/{model}/rollback", refused);
        Assert.Contains("/api/models/{model}/retire", refused);
    }

    private List<RouteEndpoint> Routes() => portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Where(r => !IsStaticFile(Pattern(r))).ToList();

    /// <summary>Static assets (CSS, scripts, fonts, icons) are public by design.</summary>
    private static bool IsStaticFile(string pattern) => pattern == "{**path:file}" || (!pattern.Contains('{') && StaticFile().IsMatch(pattern));

    private static string Pattern(RouteEndpoint route) => route.RoutePattern.RawText!;

    private static bool AdminOnly(RouteEndpoint route) => route.Metadata.GetOrderedMetadata<IAuthorizeData>()
        .Any(a => a.Policy == Policies.Admin || (a.Roles?.Split(',').Contains(Roles.Admin) ?? false));

    private static string Method(RouteEndpoint route) =>
        route.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods[0] : "GET";

    private static string Path(RouteEndpoint route) => RouteParameter().Replace(Pattern(route), match => match.Groups[1].Value switch
    {
        "id" when Pattern(route).StartsWith("/api/patches/") => Guid.NewGuid().ToString(),
        "id" or "Id" or "neighbourId" or "version" => "1",
        "model" or "Name" => "qa",
        "documentName" => "v1",
        "path" => "jobs/enqueued",
        var name => throw new InvalidOperationException($"Give the route parameter '{name}' of {Pattern(route)} a sample value."),
    });

    private static HttpRequestMessage Request(RouteEndpoint route) => new(new HttpMethod(Method(route)), Path(route))
    {
        Content = Method(route) == "POST" ? JsonContent.Create(new { }) : null,
    };

    private static bool RedirectsTo(HttpResponseMessage response, string page) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath.TrimEnd('/') == page;

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z]+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"\.[a-z0-9]+$", RegexOptions.IgnoreCase)]
    private static partial Regex StaticFile();
}
