using System.Net;
using System.Net.Http.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using PatcherPortal.Engine.Consolidation;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Consolidation;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Tests.Components;
using PatcherPortal.Web.Tests.Support;
using ConsolidationPage = PatcherPortal.Web.Components.Pages.Consolidation.Consolidation;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>An invalid consolidation setting is refused with a message, on the page and in the API, and the stored schedule stays as it was.</summary>
public sealed class ConsolidationSettingsTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    private HttpClient admin = default!;

    public async Task InitializeAsync()
    {
        await portal.ReadyAsync([]);
        admin = PortalClient.WithApiKey(portal, (await portal.Services.GetRequiredService<ApiKeys>().CreateAsync("ops", Roles.Admin, "test")).Secret);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(-5, "0 3 * * *", "The minimum number of live patches must be at least 1, not -5; the schedule was not saved.")]
    [InlineData(0, "0 3 * * *", "must be at least 1, not 0")]
    [InlineData(10, "every night", "'every night' is not a cron expression")]
    [InlineData(10, " ", "Give a cron schedule (UTC)")]
    [InlineData(10, null, "Give a cron schedule (UTC)")]
    public async Task The_api_refuses_an_invalid_schedule_and_keeps_the_stored_one(int minimum, string? cron, string message)
    {
        var before = (await admin.GetFromJsonAsync<ConsolidationSchedule>("/api/consolidation/schedule"))!;

        var response = await admin.PutAsJsonAsync("/api/consolidation/schedule", before with { MinLivePatches = minimum, Schedule = cron! });

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, message);
        Assert.Equal(before, await admin.GetFromJsonAsync<ConsolidationSchedule>("/api/consolidation/schedule"));
    }

    [Fact]
    public async Task The_api_saves_a_valid_schedule()
    {
        var response = await admin.PutAsJsonAsync("/api/consolidation/schedule", new ConsolidationSchedule { Enabled = true, Schedule = "30 2 * * 1", MinLivePatches = 7 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new ConsolidationSchedule { Enabled = true, Schedule = "30 2 * * 1", MinLivePatches = 7 },
            await portal.Services.GetRequiredService<ConsolidationSettings>().GetAsync());
    }

    [Fact]
    public async Task The_page_refuses_a_negative_minimum_with_a_message_instead_of_saving_another_number()
    {
        var settings = portal.Services.GetRequiredService<ConsolidationSettings>();
        var before = await settings.GetAsync();
        await using var bunit = PortalBunit.Create();
        bunit.Services.AddSingleton(portal.Services.GetRequiredService<Consolidations>());
        bunit.Services.AddSingleton(settings);
        bunit.Services.AddSingleton(portal.Services.GetRequiredService<ConsolidationTracker>());
        bunit.Services.AddSingleton(portal.Services.GetRequiredService<ModelRegistry>());
        bunit.Services.AddSingleton(portal.Services.GetRequiredService<IOptions<ConsolidationOptions>>());
        bunit.AddAuthorization().SetAuthorized(TestPortal.AdminEmail).SetRoles(Roles.Admin);
        var page = bunit.Render<ConsolidationPage>();

        page.Find("input[data-testid=min-live-patches]").Change("-5");
        page.Find("[data-testid=save-schedule]").Click();

        var snackbars = bunit.Services.GetRequiredService<ISnackbar>();
        page.WaitForAssertion(() => Assert.Contains(snackbars.ShownSnackbars, s => s.Message?.Contains("must be at least 1, not -5") == true && s.Severity == Severity.Error));
        Assert.DoesNotContain(snackbars.ShownSnackbars, s => s.Message == "Schedule saved.");
        Assert.Equal(before, await settings.GetAsync());
    }
}
