using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Components.Pages.Corrections;
using PatcherPortal.Web.Components.Shared;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Review;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Components;

/// <summary>Questions, corrections and model answers are text: markup in them is shown, never run or rendered.</summary>
public sealed class EscapingTests : IAsyncLifetime
{
    private const string Script = "<script>alert('x')</script>";
    private const string Image = "<img src=x onerror=alert(1)>";
    private readonly BunitContext bunit = PortalBunit.Create();

    public EscapingTests() => bunit.Services.AddSingleton(new ModelRegistry(
        Microsoft.Extensions.Options.Options.Create(new PortalOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<ModelRegistry>.Instance));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await bunit.DisposeAsync();

    [Fact]
    public void A_correction_and_the_answers_around_it_render_markup_as_text()
    {
        var report = new EditReport([new AnswerChange(Script, Image, Image, Script, true)], 1, [new AnswerChange(Image, Script, Script, Image, false)], 1, [], []);
        var correction = new Correction
        {
            Id = 3, Model = "qa", Input = Script, WrongOutput = Image, Target = Script, Paraphrases = [Image], Author = "<b>ann</b>",
            Status = CorrectionStatus.Fixed, Message = Image, ReportJson = report.ToJson(),
        };

        var outcome = bunit.Render<CorrectionOutcome>(p => p.Add(c => c.Correction, correction));
        var summary = bunit.Render<CorrectionSummary>(p => p.Add(c => c.Correction, correction));

        foreach (var rendered in new IRenderedComponent<Microsoft.AspNetCore.Components.IComponent>[] { outcome, summary })
        {
            Assert.Empty(rendered.FindAll("script"));
            Assert.Empty(rendered.FindAll("img"));
            Assert.Contains("&lt;script&gt;", rendered.Markup);
        }
        Assert.Contains(Script, outcome.Find("[data-testid=edit-answers]").TextContent);
        Assert.Contains(Image, summary.Markup.Replace("&lt;", "<").Replace("&gt;", ">"));
    }

    [Fact]
    public void The_input_of_the_edit_behind_a_fired_patch_renders_as_text()
    {
        var fired = bunit.Render<FiredPatchList>(p => p.Add(f => f.Fired, [new FiredPatchInfo(Guid.NewGuid(), 2.5, 4, Script)]));

        Assert.Empty(fired.FindAll("script"));
        Assert.Contains(Script, fired.Find("[data-testid=fired-patches]").TextContent);
    }

    [Fact]
    public void No_component_renders_raw_markup()
    {
        var components = Path.Combine(Repository.Root(), "src", "PatcherPortal.Web", "Components");
        var raw = Directory.EnumerateFiles(components, "*.razor", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(components, "*.cs", SearchOption.AllDirectories))
            .Where(f => File.ReadAllText(f).Contains("MarkupString")).Select(Path.GetFileName).ToList();

        Assert.Empty(raw);
    }
}
