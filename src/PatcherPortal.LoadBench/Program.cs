using System.CommandLine;
using System.Text.Json;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.LoadBench;

/// <summary>patcher-loadbench: the portal under concurrent load, idle and while patches train, with 0 and N patches.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var profile = new Option<ModelProfile>("--profile") { Description = "Tiny (seconds to build) or Default models", DefaultValueFactory = _ => ModelProfile.Tiny };
        var patches = new Option<string>("--patches") { Description = "Comma-separated live patch counts per model", DefaultValueFactory = _ => "0,1000" };
        var apiClients = new Option<int>("--api-clients") { Description = "Concurrent predict API clients", DefaultValueFactory = _ => 4 };
        var pageClients = new Option<int>("--page-clients") { Description = "Concurrent playground page clients", DefaultValueFactory = _ => 1 };
        var seconds = new Option<int>("--seconds") { Description = "Length of each measured phase", DefaultValueFactory = _ => 30 };
        var maxRequests = new Option<int>("--max-requests") { Description = "Request budget of each measured phase", DefaultValueFactory = _ => 20_000 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of unmeasured load after start (JIT tiering, the first metrics job)", DefaultValueFactory = _ => 20 };
        var threads = new Option<int>("--torch-threads") { Description = "The portal's libtorch threads (Portal:TorchThreads)", DefaultValueFactory = _ => 1 };
        var niceness = new Option<int>("--training-niceness") { Description = "Nice value of the portal's training threads (Portal:Jobs:TrainingNiceness)", DefaultValueFactory = _ => 10 };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Working directory (default: a new temporary one)" };
        var report = new Option<FileInfo?>("--report") { Description = "Also write the results as JSON here" };
        var root = new RootCommand("Drives a portal started on loopback with concurrent predict API and playground clients; reports throughput " +
            "and p50/p95/p99 latency with the patch queues idle and while corrections train.")
        {
            profile, patches, apiClients, pageClients, seconds, maxRequests, warmup, threads, niceness, data, report,
        };
        root.SetAction(async result =>
        {
            var options = new LoadOptions(result.GetValue(profile), result.GetValue(patches)!.Split(',').Select(int.Parse).ToList(),
                result.GetValue(apiClients), result.GetValue(pageClients), TimeSpan.FromSeconds(result.GetValue(seconds)),
                result.GetValue(maxRequests), TimeSpan.FromSeconds(result.GetValue(warmup)), result.GetValue(threads), result.GetValue(niceness),
                result.GetValue(data)?.FullName ?? Path.Combine(Path.GetTempPath(), "patcher-loadbench", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss")));
            var results = await new LoadBenchmark(options).RunAsync();
            Console.WriteLine();
            Console.WriteLine(LoadReport.Markdown(options, results));
            if (result.GetValue(report) is { } file)
                await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(new { options, results }, new JsonSerializerOptions { WriteIndented = true }));
            return LoadReport.MeetsTarget(results) ? 0 : 1;
        });
        return await root.Parse(args).InvokeAsync();
    }
}
