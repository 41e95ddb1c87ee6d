using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace PatcherPortal.Web.Tests.ScaleOut;

/// <summary>The portal binary started as its own process in a given role, on a loopback port, its output kept in a log.</summary>
public sealed class PortalProcess : IDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly List<string> lines = [];
    private bool disposed;

    public sealed record Health(string Role, Dictionary<string, int> Models);

    private PortalProcess(string name, string role, IEnumerable<string> settings, string logDirectory)
    {
        Name = name;
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        LogFile = Path.Combine(logDirectory, $"{name}.log");
        log = new StreamWriter(LogFile) { AutoFlush = true };
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "PatcherPortal.Web.dll"), "--role", role, "--urls", BaseAddress.ToString() }.Concat(settings))
            start.ArgumentList.Add(argument);
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Write(line.Data);
        process.ErrorDataReceived += (_, line) => Write(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }
    public Uri BaseAddress { get; }
    public string LogFile { get; }

    public static PortalProcess Start(string name, string role, IEnumerable<string> settings, string logDirectory) =>
        new(name, role, settings, logDirectory);

    public HttpClient Client(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = BaseAddress };

    public async Task<Health> HealthAsync()
    {
        using var client = Client();
        return (await client.GetFromJsonAsync<Health>("/health/models"))!;
    }

    /// <summary>Waits until both models serve a version; a process that exits or takes too long fails with its log.</summary>
    public async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{Name} exited with code {process.ExitCode}.\n{Tail()}");
            try
            {
                if ((await HealthAsync()).Models.Values.All(v => v > 0)) return;
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name} did not serve its models within {timeout}.\n{Tail()}");
            await Task.Delay(250);
        }
    }

    public string Tail(int lines = 40)
    {
        lock (log) return $"--- {Name} ({LogFile}) ---\n" + string.Join('\n', this.lines.TakeLast(lines));
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (log)
        {
            log.WriteLine(line);
            lines.Add(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
        process.Dispose();
        lock (log) log.Dispose();
    }
}
