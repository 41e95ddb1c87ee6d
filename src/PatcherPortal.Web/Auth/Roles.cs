using System.Security.Claims;

namespace PatcherPortal.Web.Auth;

public static class Roles
{
    public const string Annotator = "annotator";
    public const string Admin = "admin";
    public static readonly string[] All = [Annotator, Admin];
}

/// <summary>Authorization policies: annotators review and correct; admins also approve, reject, remove and roll back.</summary>
public static class Policies
{
    public const string Annotator = "annotator";
    public const string Admin = "admin";
}

public static class PrincipalExtensions
{
    /// <summary>The name recorded in the audit log: the user's e-mail, or the API key's name.</summary>
    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    public static void DemandAdmin(this ClaimsPrincipal user)
    {
        if (!user.IsAdmin()) throw new UnauthorizedAccessException("Only an admin can do this.");
    }
}
