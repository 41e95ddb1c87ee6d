namespace PatcherPortal.Web.Infrastructure;

public static class PortalHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args) =>
        WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            WebRootPath = WebRoot.Locate(),
        });
}
