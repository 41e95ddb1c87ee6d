using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Components.Shared;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.Web.Tests.Components;

/// <summary>bUnit with MudBlazor and an empty model registry (a test with a portal registers the portal's, which then wins).
/// MudBlazor registers async-only disposables, so dispose the context asynchronously.</summary>
public static class PortalBunit
{
    public static BunitContext Create()
    {
        var bunit = new BunitContext();
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        bunit.Services.AddMudServices();
        bunit.Services.AddSingleton(new ModelRegistry(Options.Create(new PortalOptions()), NullLogger<ModelRegistry>.Instance));
        bunit.Services.AddScoped<ModelSelection>();
        return bunit;
    }

    public static ClaimsPrincipal User(string role) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, $"{role}@portal.test"), new Claim(ClaimTypes.Role, role), .. role == Roles.Admin ? [new Claim(ClaimTypes.Role, Roles.Annotator)] : Array.Empty<Claim>()],
        "test"));
}
