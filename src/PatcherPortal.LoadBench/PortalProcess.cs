using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace PatcherPortal.LoadBench;

/// <summary>
/// The portal as a separate process on a loopback port, started from the build output beside this assembly, in any
/// role (<c>Portal:Role</c> among the settings), its output kept. It can be killed outright (SIGKILL: no shutdown code
/// runs) and started again on the same data directory.
/// </summary>
public sealed class PortalProcess(string dataDirectory, IReadOnlyDictionary<string, string> settings, string name = "portal") : IDisposable
{
    public const string AdminEmail = "admin@portal.test";
    public const string AdminPassword = "Passw0rd!";

    private readonly ConcurrentQueue<string> log = new();
    private Process? process;

    public string DataDirectory { get; } = dataDirectory;
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");
    public IReadOnlyCollection<string> Log => log;
    public string Name { get; } = name;

    /// <summary>What <c>/health/models</c> says: the process's role and each model's version in service (0: none yet).</summary>
    public sealed record Health(string Role, Dictionary<string, int> Models);

    /// <summary>Starts the portal, signs in and waits until every model is ready.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        Start();
        using var client = Client();
        await SignInAsync(client);
        await WaitAsync(async () => (await client.GetFromJsonAsync<List<ModelState>>("api/models"))!.All(m => m.Ready), timeout,
            "the models to come into service");
    }

    /// <summary>Starts the process without waiting for it (a worker answers only <c>/health</c>).</summary>
    public void Start()
    {
        if (process is { HasExited: false }) throw new InvalidOperationException("The portal is already running.");
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PatcherPortal.Web.dll"));
        foreach (var (key, value) in Settings()) start.ArgumentList.Add($"--{key}={value}");
        process = Process.Start(start) ?? throw new InvalidOperationException("The portal process did not start.");
        process.OutputDataReceived += (_, line) => { if (line.Data is { } text) log.Enqueue(text); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) log.Enqueue(text); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Waits until every model serves a version; a process that exits or takes too long fails with its log.</summary>
    public Task WaitUntilServingAsync(TimeSpan timeout) => WaitAsync(async () =>
    {
        try { return (await HealthAsync()).Models.Values.All(version => version > 0); }
        catch (HttpRequestException) { return false; }
    }, timeout, "its models to serve");

    public async Task<Health> HealthAsync()
    {
        using var client = Client();
        return (await client.GetFromJsonAsync<Health>("health/models"))!;
    }

    public string Tail(int lines = 40) => $"--- {Name} ---\n" + string.Join('\n', log.TakeLast(lines));

    /// <summary>Kills the process (SIGKILL on Unix) and waits until it is gone.</summary>
    public void Kill()
    {
        if (process is null || process.HasExited) return;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>A client of the running portal signed in as the configured admin (a cookie, as a browser would).</summary>
    public async Task<HttpClient> SignedInAsync()
    {
        var client = Client();
        await SignInAsync(client);
        return client;
    }

    public async Task<string> WaitForLogAsync(string text, TimeSpan timeout)
    {
        string? found = null;
        await WaitAsync(() => Task.FromResult((found = log.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal))) is not null),
            timeout, $"'{text}' in the portal's log");
        return found!;
    }

    public void Dispose() => Kill();

    private IEnumerable<KeyValuePair<string, string>> Settings()
    {
        var all = new Dictionary<string, string>
        {
            ["urls"] = BaseAddress.ToString().TrimEnd('/'), ["Portal:DataDirectory"] = DataDirectory,
            ["Portal:Admin:Email"] = AdminEmail, ["Portal:Admin:Password"] = AdminPassword,
        };
        foreach (var (key, value) in settings) all[key] = value;
        return all;
    }

    /// <summary>A client of this process; clients of several processes sharing <paramref name="cookies"/> share a sign-in.</summary>
    public HttpClient Client(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true })
    {
        BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60),
    };

    private async Task SignInAsync(HttpClient client)
    {
        await WaitAsync(async () =>
        {
            try { return (await client.GetAsync("health")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(60), "the portal to answer");
        await PortalSignIn.SignInAsync(client, AdminEmail, AdminPassword);
    }

    private async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (process is { HasExited: true })
                throw new InvalidOperationException($"{Name} exited (code {process.ExitCode}) while waiting for {what}:\n{Tail()}");
            if (clock.Elapsed > timeout) throw new TimeoutException($"{Name}: waited {timeout} for {what}:\n{Tail()}");
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record ModelState(string Task, bool Ready, int Version, int PatchCount);
}
