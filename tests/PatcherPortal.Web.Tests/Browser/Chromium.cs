using Microsoft.Playwright;

namespace PatcherPortal.Web.Tests.Browser;

public static class Chromium
{
    public const string DefaultPath = "/usr/bin/chromium";

    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? DefaultPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {path}. Install it with 'apt-get install -y chromium chromium-driver' (.ci/run does) or set CHROMIUM_PATH.");
        }

        return await playwright.Chromium.LaunchAsync(new() { ExecutablePath = path, Headless = true, Args = Args });
    }
}
