using System.Security.Claims;
using PatcherPortal.Web.Auth;

namespace PatcherPortal.Web.Tests.Support;

/// <summary>Signed-in users for calling the portal's services directly.</summary>
public static class Users
{
    public static ClaimsPrincipal Admin { get; } = Of(TestPortal.AdminEmail, Roles.Admin, Roles.Annotator);
    public static ClaimsPrincipal Annotator { get; } = Of(TestPortal.AnnotatorEmail, Roles.Annotator);

    private static ClaimsPrincipal Of(string name, params string[] roles) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));
}
