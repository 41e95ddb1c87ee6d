using Bunit;
using PatcherPortal.Web.Components.Shared;
using PatcherPortal.Web.Review;

namespace PatcherPortal.Web.Tests.Components;

/// <summary>An uncased model answers in lower case; what the annotator reads.</summary>
public sealed class ModelAnswerTests : IAsyncLifetime
{
    private readonly BunitContext bunit = PortalBunit.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await bunit.DisposeAsync();

    [Theory]
    [InlineData("lusaka", "Lusaka")]
    [InlineData("bogota", "Bogotá")]
    [InlineData("port - au - prince", "Port-au-Prince")]
    public void An_answer_a_patch_produced_is_shown_as_the_annotator_wrote_the_target(string output, string target)
    {
        var answer = Render(output, caseInsensitive: true, [Fired(7, target)]);

        Assert.Equal(target, answer.Find("[data-testid=answer]").TextContent);
        Assert.Contains($"answered “{output}”", answer.Find("[data-testid=case-note]").TextContent);
        Assert.Contains("correction #7", answer.Markup);
    }

    [Fact]
    public void An_uncased_answer_no_patch_produced_says_the_model_is_case_insensitive()
    {
        var answer = Render("lusaka", caseInsensitive: true, [Fired(3, "Harare")]);

        Assert.Equal("lusaka", answer.Find("[data-testid=answer]").TextContent);
        Assert.Contains("case-insensitive", answer.Find("[data-testid=case-note]").TextContent);
    }

    [Fact]
    public void A_cased_model_s_answer_is_shown_as_it_is_without_a_note()
    {
        var answer = Render("lusaka", caseInsensitive: false, [Fired(7, "Lusaka")]);

        Assert.Equal("lusaka", answer.Find("[data-testid=answer]").TextContent);
        Assert.Empty(answer.FindAll("[data-testid=case-note]"));
    }

    private IRenderedComponent<ModelAnswer> Render(string output, bool caseInsensitive, FiredPatchInfo[] fired) =>
        bunit.Render<ModelAnswer>(p => p.Add(a => a.Output, output).Add(a => a.CaseInsensitive, caseInsensitive).Add(a => a.Fired, fired));

    private static FiredPatchInfo Fired(int correctionId, string target) => new(Guid.NewGuid(), 3.2, correctionId, "What is the capital?", target);
}
