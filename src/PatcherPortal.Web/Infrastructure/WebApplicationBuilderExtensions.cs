using MudBlazor.Services;

namespace PatcherPortal.Web.Infrastructure;

public static class WebApplicationBuilderExtensions
{
    public static WebApplicationBuilder AddPortalUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }
}
