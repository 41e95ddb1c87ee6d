using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Browser;

/// <summary>The test portal on a real Kestrel port on the loopback interface, for the browser.</summary>
public sealed class PortalServer : TestPortal
{
    public PortalServer()
    {
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        BaseAddress = addresses.Addresses.Single().TrimEnd('/');
    }

    public string BaseAddress { get; }
}
