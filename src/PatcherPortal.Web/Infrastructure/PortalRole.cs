namespace PatcherPortal.Web.Infrastructure;

/// <summary>
/// One binary, three ways to run it: <c>web</c> serves the portal and the API and queues jobs, <c>worker</c> runs the
/// patch and metric jobs (and answers only <c>/health</c>), <c>all</c> (the embedded default) does both.
/// </summary>
public enum PortalRole { All, Web, Worker }

public static class PortalRoles
{
    public const string CommandLineSwitch = "--role";

    public static bool ServesWeb(this PortalRole role) => role != PortalRole.Worker;
    public static bool RunsJobs(this PortalRole role) => role != PortalRole.Web;

    public static PortalRole Role(this WebApplicationBuilder builder) =>
        builder.Configuration.GetValue<PortalRole?>($"{PortalOptions.Section}:{nameof(PortalOptions.Role)}") ?? PortalRole.All;
}
