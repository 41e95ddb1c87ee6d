using System.Diagnostics;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Training;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.LoadBench;

public sealed record LoadOptions(ModelProfile Profile, IReadOnlyList<int> PatchCounts, int ApiClients, int PageClients, TimeSpan PhaseLength,
    int MaxRequestsPerPhase, TimeSpan Warmup, int TorchThreads, int TrainingNiceness, string DataRoot);

public sealed record PhaseResult(int Patches, string Phase, double Seconds, int EditsFinished, IReadOnlyList<LatencySummary> Kinds);

/// <summary>
/// For each patch count: prepares a data directory, starts the portal as its own process on loopback, warms it up,
/// then measures the clients' requests with the patch queues idle, while corrections are being trained, and idle again
/// (the first idle phase still carries some start-up cost).
/// </summary>
public sealed class LoadBenchmark(LoadOptions options)
{
    public async Task<List<PhaseResult>> RunAsync()
    {
        var results = new List<PhaseResult>();
        var (questions, edits) = Inputs(options.Profile);
        string? firstDirectory = null;
        foreach (var patches in options.PatchCounts)
        {
            var directory = Path.Combine(options.DataRoot, $"patches-{patches}");
            if (firstDirectory is not null) CopyBaseModels(firstDirectory, directory);
            firstDirectory ??= directory;
            var settings = new Dictionary<string, string>
            {
                ["Portal:ModelProfile"] = options.Profile.ToString(), ["Portal:TorchThreads"] = options.TorchThreads.ToString(),
                ["Portal:Jobs:TrainingNiceness"] = options.TrainingNiceness.ToString(),
                ["Portal:Jobs:QueuePollInterval"] = "00:00:00.2", ["Logging:LogLevel:Default"] = "Warning",
                // Every client shares one API key: the per-caller limit would answer 429 and measure the limiter.
                ["Portal:RateLimit:PermitLimit"] = int.MaxValue.ToString(),
            };
            Console.WriteLine($"[{patches:N0} patches] preparing {directory}");
            var secret = await BenchData.PrepareAsync(directory, settings, patches);
            using var portal = new PortalProcess(directory, settings);
            await portal.StartAsync(TimeSpan.FromMinutes(30));
            using var api = new HttpClient { BaseAddress = portal.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            api.DefaultRequestHeaders.Add("X-Api-Key", secret);
            using var pages = await portal.SignedInAsync();
            var driver = new LoadDriver(api, pages, questions);

            Console.WriteLine($"[{patches:N0} patches] warming up for {options.Warmup.TotalSeconds:F0} s");
            await driver.RunAsync(options.ApiClients, options.PageClients, options.Warmup, int.MaxValue);
            results.Add(await MeasureAsync(driver, patches, "idle", null));
            var stream = new EditStream(api, edits);
            using var stop = new CancellationTokenSource();
            var editing = stream.RunAsync(stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(1));
            results.Add(await MeasureAsync(driver, patches, "training", stream));
            stop.Cancel();
            await editing;
            results.Add(await MeasureAsync(driver, patches, "idle again", null));
            if (stream.Errors > 0) Console.WriteLine($"[{patches:N0} patches] {stream.Errors} corrections were refused");
            portal.Kill();
        }
        return results;
    }

    private async Task<PhaseResult> MeasureAsync(LoadDriver driver, int patches, string phase, EditStream? stream)
    {
        Console.WriteLine($"[{patches:N0} patches] measuring: {phase}");
        var before = stream?.Finished ?? 0;
        var clock = Stopwatch.StartNew();
        var samples = await driver.RunAsync(options.ApiClients, options.PageClients, options.PhaseLength, options.MaxRequestsPerPhase);
        var elapsed = clock.Elapsed;
        var kinds = samples.GroupBy(s => s.Kind).OrderBy(g => g.Key).Select(g => LatencySummary.Of(g.Key, g.ToList(), elapsed)).ToList();
        return new PhaseResult(patches, phase, elapsed.TotalSeconds, (stream?.Finished ?? 0) - before, kinds);
    }

    /// <summary>Questions the clients ask (both models, alternating) and the corrections the training phase submits (QA).</summary>
    private static (List<(string, string)>, List<(string, string, string)>) Inputs(ModelProfile profile)
    {
        var evaluation = new EvaluationOptions();
        var qa = EvaluationData.For("qa", profile, evaluation).Train.Take(200).Select(e => ("qa", e.Input));
        var fc = EvaluationData.For("fc", profile, evaluation).Train.Take(200).Select(e => ("fc", e.Input));
        var questions = qa.Zip(fc).SelectMany(p => new[] { p.First, p.Second }).ToList();
        var edits = profile == ModelProfile.Tiny
            ? TinyBaseModels.Facts().Skip(40).SelectMany(f => new[] { f.Question }.Concat(f.Rephrases).Select(q => ("qa", q, f.Answer))).ToList()
            : TaskData.Default("qa").Splits.Edit.Select(e => ("qa", e.Input, e.Target)).ToList();
        return (questions, edits);
    }

    /// <summary>The default profile's base models take minutes to build: build them once, copy them to the next run.</summary>
    private static void CopyBaseModels(string from, string to)
    {
        foreach (var builtIn in BuiltInModels.All)
        {
            var source = Path.Combine(from, "models", builtIn.Name, "base");
            var target = Path.Combine(to, "models", builtIn.Name, "base");
            if (!Directory.Exists(source) || Directory.Exists(target)) continue;
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }
}
