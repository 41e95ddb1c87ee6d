using Bunit;
using PatcherPortal.Web.Components.Pages.Review;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Review;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Components;

public sealed class ImportFormatHelpTests : IAsyncLifetime
{
    private readonly BunitContext bunit = PortalBunit.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await bunit.DisposeAsync();

    [Fact]
    public void The_review_page_documents_every_import_field_and_its_example_files_import_cleanly()
    {
        var help = bunit.Render<ImportFormatHelp>();
        help.Find(".mud-expand-panel-header").Click();

        var documented = help.FindAll("[data-testid=import-field] td:first-child").Select(td => td.TextContent).ToList();
        Assert.Equal(["input", "output", "reference", "task"], documented);
        var links = help.FindAll("[data-testid^=example-]").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(2, links.Count);
        foreach (var link in links)
        {
            var content = File.ReadAllText(Path.Combine(Repository.Root(), "wwwroot", link));
            var parsed = ImportParser.Parse(link, content, "qa");

            Assert.Empty(parsed.Errors);
            Assert.Contains(parsed.Rows, r => r.Model == "fc");
            Assert.Contains(parsed.Rows, r => r.Output is null);
            Assert.Contains(parsed.Rows, r => r.Reference is not null);
        }
        var header = File.ReadLines(Path.Combine(Repository.Root(), "wwwroot", links.Single(l => l.EndsWith(".csv")))).First().Split(',');
        Assert.Equal(documented, header);
    }
}
