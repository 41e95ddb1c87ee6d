using System.Net.Http.Json;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Components.Pages.Playground;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Review;
using PatcherPortal.Web.Tests.Support;
using PatcherPortal.Web.Validation;

namespace PatcherPortal.Web.Tests.Components;

/// <summary>The playground refuses what the API refuses, with the same words, and keeps what was typed.</summary>
public sealed class PlaygroundInputTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    private readonly BunitContext bunit = PortalBunit.Create();

    public async Task InitializeAsync()
    {
        await portal.ReadyAsync();
        bunit.Services.AddSingleton(portal.Services.GetRequiredService<Predictions>());
        bunit.Services.AddSingleton(portal.Services.GetRequiredService<ReviewService>());
        bunit.Services.AddSingleton(portal.Services.GetRequiredService<ModelRegistry>());
        bunit.Services.AddScoped<PatcherPortal.Web.Components.Shared.ModelSelection>();
        bunit.AddAuthorization().SetAuthorized(TestPortal.AnnotatorEmail).SetRoles(Roles.Annotator);
    }

    public async Task DisposeAsync() => await bunit.DisposeAsync();

    [Theory]
    [InlineData("   ")]
    [InlineData("What is\u0007 the capital of Peru?")]
    [InlineData("\u200b\u200b\u200b")]
    [InlineData("What is \u202Ethe capital of Peru?")]
    [InlineData("Tell me, after all of that, after all of that, after all of that, after all of that, after all of that, after all of that, after all of that, after all of that, after all of that, after all of that, what is the capital of France?")]
    [InlineData("long")]
    public async Task A_question_the_api_refuses_shows_the_same_message_in_the_playground_and_stays_in_the_box(string question)
    {
        if (question == "long") question = new string('a', 501);
        var keys = portal.Services.GetRequiredService<ApiKeys>();
        var api = PortalClient.WithApiKey(portal, (await keys.CreateAsync("playground check", Roles.Annotator, "test")).Secret);
        var refusal = await (await api.PostAsJsonAsync("/api/predict", new { task = "qa", input = question })).Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>();
        var playground = bunit.Render<Playground>();

        // A maxlength at the limit would make the browser silently cut a pasted question instead of saying it is too long.
        Assert.True(int.Parse(playground.Find("input[data-testid=playground-input]").GetAttribute("maxlength") ?? "1000000") > UserText.MaxLength);
        playground.Find("input[data-testid=playground-input]").Input(question);
        playground.Find("[data-testid=ask]").Click();

        playground.WaitForAssertion(() => Assert.Equal(refusal!.Detail, playground.Find("[data-testid=playground-error]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Equal(question, playground.Find("input[data-testid=playground-input]").GetAttribute("value"));
        Assert.Empty(playground.FindAll("[data-testid=answer-card]"));
    }
}
