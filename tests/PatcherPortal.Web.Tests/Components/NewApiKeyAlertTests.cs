using Bunit;
using PatcherPortal.Web.Components.Pages.Admin;

namespace PatcherPortal.Web.Tests.Components;

public sealed class NewApiKeyAlertTests : IAsyncLifetime
{
    private const string Secret = "pp_test_0123456789abcdef";
    private readonly BunitContext bunit = PortalBunit.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await bunit.DisposeAsync();

    [Fact]
    public void The_copy_button_puts_the_new_key_on_the_clipboard_and_says_so()
    {
        var alert = bunit.Render<NewApiKeyAlert>(p => p.Add(a => a.Secret, Secret));

        alert.Find("[data-testid=copy-api-key]").Click();

        var call = bunit.JSInterop.VerifyInvoke("navigator.clipboard.writeText");
        Assert.Equal(Secret, call.Arguments.Single());
        Assert.Contains("Copied", alert.Find("[data-testid=copy-api-key]").TextContent);
    }

    [Fact]
    public void When_the_browser_refuses_the_clipboard_the_key_stays_shown_with_how_to_copy_it()
    {
        bunit.JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true).SetException(new Microsoft.JSInterop.JSException("NotAllowedError"));
        var alert = bunit.Render<NewApiKeyAlert>(p => p.Add(a => a.Secret, Secret));

        alert.Find("[data-testid=copy-api-key]").Click();

        Assert.Contains("Ctrl+C", alert.Find("[data-testid=copy-failed]").TextContent);
        Assert.Equal(Secret, alert.Find("[data-testid=api-key-secret]").TextContent);
    }
}
