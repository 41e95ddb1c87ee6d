using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Hosting;

namespace PatcherPortal.Web.Tests.Support;

/// <summary>A portal on the tiny models with its own temporary data directory, an admin and an annotator.</summary>
public class TestPortal : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@portal.test";
    public const string AnnotatorEmail = "annotator@portal.test";
    public const string Password = "Passw0rd!";

    private readonly bool ownsData;

    public TestPortal() : this(null) { }

    /// <summary>A portal on an existing data directory (a restart), which it leaves in place; or on a new one.</summary>
    protected TestPortal(string? dataDirectory)
    {
        ownsData = dataDirectory is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "patcher-portal-tests", Guid.NewGuid().ToString("N")[..12]);
        if (ownsData) TinyModelCache.CopyTo(DataDirectory);
    }

    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Portal:DataDirectory", DataDirectory);
        builder.UseSetting("Portal:ModelProfile", "Tiny");
        builder.UseSetting("Portal:Admin:Email", AdminEmail);
        builder.UseSetting("Portal:Admin:Password", Password);
        builder.UseSetting("Portal:Jobs:QueuePollInterval", "00:00:00.5");
        builder.UseSetting("Portal:TorchThreads", TinyModelCache.TorchThreads.ToString());
    }

    /// <summary>Starts the portal (if needed), adds the annotator and waits until both built-in models serve.</summary>
    public async Task ReadyAsync() => await ReadyAsync(BuiltInModels.All.Select(m => m.Name));

    /// <summary>Starts the portal (if needed), adds the annotator and waits until these models serve.</summary>
    public async Task ReadyAsync(IEnumerable<string> names)
    {
        _ = Services;
        await using (var scope = Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountSetup>();
            await accounts.EnsureRolesAsync();
            if (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Microsoft.AspNetCore.Identity.IdentityUser>>()
                    .FindByEmailAsync(AnnotatorEmail) is null)
                await accounts.CreateUserAsync(AnnotatorEmail, Password, Roles.Annotator);
        }
        var registry = Services.GetRequiredService<ModelRegistry>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (names.Select(registry.Find).ToList() is var models && models.Any(m => m is not { IsReady: true }))
        {
            if (models.FirstOrDefault(m => m is { Failed: true }) is { } failed) throw new InvalidOperationException(failed.Activity);
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The models did not come into service.");
            await Task.Delay(200);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (ownsData)
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
