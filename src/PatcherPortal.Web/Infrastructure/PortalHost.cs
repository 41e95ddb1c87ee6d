namespace PatcherPortal.Web.Infrastructure;

public static class PortalHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            WebRootPath = WebRoot.Locate(),
        });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { [PortalRoles.CommandLineSwitch] = "Portal:Role" });
        return builder;
    }
}
