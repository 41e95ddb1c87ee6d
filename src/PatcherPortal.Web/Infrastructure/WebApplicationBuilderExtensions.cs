using MudBlazor.Services;
using PatcherPortal.Web.Models;

namespace PatcherPortal.Web.Infrastructure;

public static class WebApplicationBuilderExtensions
{
    public static WebApplicationBuilder AddPortalUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }

    public static WebApplicationBuilder AddModelStatus(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IModelStatusProvider, StubModelStatusProvider>();
        return builder;
    }
}
