using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

public sealed class RateLimitTests(RateLimitTests.Portal portal) : IClassFixture<RateLimitTests.Portal>
{
    [Fact]
    public async Task An_api_caller_over_its_limit_gets_429_with_retry_after_while_other_callers_are_served()
    {
        var keys = portal.Services.GetRequiredService<ApiKeys>();
        var busy = PortalClient.WithApiKey(portal, (await keys.CreateAsync("busy", Roles.Annotator, "test")).Secret);
        var other = PortalClient.WithApiKey(portal, (await keys.CreateAsync("other", Roles.Annotator, "test")).Secret);

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/models")).StatusCode);
        var refused = await busy.GetAsync("/api/models");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        await ApiErrorTests.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "Too many requests: try again in");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/models")).StatusCode);
    }

    /// <summary>Three API requests per caller per minute.</summary>
    public sealed class Portal : TestPortal
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Portal:RateLimit:PermitLimit", "3");
            builder.UseSetting("Portal:RateLimit:Window", "00:01:00");
        }
    }
}
