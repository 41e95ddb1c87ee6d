namespace PatcherPortal.Web.Infrastructure;

/// <summary>
/// The repository's top-level wwwroot is linked into this project as static web assets: in development they are
/// served from that folder through the static web assets manifest, and a publish copies them to wwwroot next to
/// the app. Pin the web root there so a published app works whatever the working directory.
/// </summary>
public static class WebRoot
{
    public static string? Locate()
    {
        var besideApp = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return Directory.Exists(besideApp) ? besideApp : null;
    }
}
