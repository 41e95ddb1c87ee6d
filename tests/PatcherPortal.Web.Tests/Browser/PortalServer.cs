using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace PatcherPortal.Web.Tests.Browser;

/// <summary>The portal on a real Kestrel port on the loopback interface, for the browser.</summary>
public sealed class PortalServer : IDisposable
{
    private readonly WebApplicationFactory<Program> factory = new();

    public PortalServer()
    {
        factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        BaseAddress = addresses.Addresses.Single();
    }

    public string BaseAddress { get; }

    public void Dispose() => factory.Dispose();
}
