using System.Security.Claims;
using Bunit;
using MudBlazor.Services;
using PatcherPortal.Web.Auth;

namespace PatcherPortal.Web.Tests.Components;

/// <summary>bUnit with MudBlazor. MudBlazor registers async-only disposables, so dispose the context asynchronously.</summary>
public static class PortalBunit
{
    public static BunitContext Create()
    {
        var bunit = new BunitContext();
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        bunit.Services.AddMudServices();
        return bunit;
    }

    public static ClaimsPrincipal User(string role) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, $"{role}@portal.test"), new Claim(ClaimTypes.Role, role), .. role == Roles.Admin ? [new Claim(ClaimTypes.Role, Roles.Annotator)] : Array.Empty<Claim>()],
        "test"));
}
