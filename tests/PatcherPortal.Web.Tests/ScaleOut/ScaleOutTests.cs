using System.Net;
using System.Net.Http.Json;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using PatcherPortal.LoadBench;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.ScaleOut;

/// <summary>
/// Past one machine: two web nodes and two workers, separate processes of the same binary, share a PostgreSQL database
/// and a data directory. Corrections reported to either web node (one sign-in serves both) are trained by the workers,
/// each exactly once, and every node ends up serving the version that holds all of them.
/// </summary>
public sealed class ScaleOutTests
{
    private const int Corrections = 4;
    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Training = TimeSpan.FromMinutes(4);

    [PostgreSqlFact]
    public async Task Workers_share_the_corrections_train_each_once_and_every_node_serves_the_new_version()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync();
        var shared = Path.Combine(Path.GetTempPath(), "patcher-portal-tests", $"scaleout-{Guid.NewGuid():N}"[..24]);
        TinyModelCache.CopyTo(shared);
        var settings = new Dictionary<string, string>
        {
            ["Portal:Database:Provider"] = "PostgreSql", ["Portal:Database:ConnectionString"] = database.ConnectionString,
            ["Portal:ModelProfile"] = "Tiny", ["Portal:TorchThreads"] = $"{TinyModelCache.TorchThreads}",
            ["Portal:RequireApproval"] = "false", ["Portal:Jobs:QueuePollInterval"] = "00:00:00.5", ["Portal:VersionPollInterval"] = "00:00:00.5",
            // The metric job after each version competes with the patch jobs for the workers: keep it small.
            ["Portal:Evaluation:TrainSubset"] = "40", ["Portal:Evaluation:TestSubset"] = "40", ["Portal:Evaluation:RetainedPerEdit"] = "10",
            ["Portal:Admin:Email"] = TestPortal.AdminEmail, ["Portal:Admin:Password"] = TestPortal.Password,
            ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:PatcherPortal"] = "Information",
        };
        PortalProcess Node(string name, string role) => new(shared, new Dictionary<string, string>(settings) { ["Portal:Role"] = role }, name);
        using var web = Node("web-1", "Web");
        using var otherWeb = Node("web-2", "Web");
        using var first = Node("worker-1", "Worker");
        using var second = Node("worker-2", "Worker");
        PortalProcess[] nodes = [web, otherWeb, first, second];
        try
        {
            foreach (var node in nodes) node.Start();
            await Task.WhenAll(nodes.Select(n => n.WaitUntilServingAsync(Startup)));
            Assert.Equal(["web", "web", "worker", "worker"], (await Task.WhenAll(nodes.Select(n => n.HealthAsync()))).Select(h => h.Role));
            var cookies = new CookieContainer();
            using var client = web.Client(cookies);
            using var otherClient = otherWeb.Client(cookies);
            await PortalSignIn.SignInAsync(client, TestPortal.AdminEmail, TestPortal.Password);
            using (var worker = first.Client(cookies))
                Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync("/api/models")).StatusCode);

            var claims = Facts.WrongClaims(Corrections);
            var ids = new List<int>();
            foreach (var ((claim, label), index) in claims.Select((c, i) => (c, i)))
            {
                var reporter = index % 2 == 0 ? client : otherClient;
                Assert.NotEqual(label, (await PredictAsync(reporter, claim)).Output);
                var report = await reporter.PostAsJsonAsync("/api/corrections", new { task = "fc", input = claim, target = label });
                Assert.Equal(HttpStatusCode.Accepted, report.StatusCode);
                ids.Add((await report.Content.ReadFromJsonAsync<ReportResponse>())!.CorrectionId);
            }

            var results = await EventuallyAsync(Training, async () =>
            {
                var all = await Task.WhenAll(ids.Select(id => client.GetFromJsonAsync<CorrectionStatusResponse>($"/api/corrections/{id}")));
                return all.All(r => r!.Status is not ("Queued" or "Training")) ? all.Select(r => r!).ToList() : null;
            });
            Assert.All(results, r => Assert.Equal("Fixed", r.Status));
            Assert.All(results, r => Assert.Single(r.Patches));

            var runs = await EventuallyAsync(TimeSpan.FromSeconds(30), () => Task.FromResult(PatchJobRuns(database.ConnectionString) is { Count: Corrections } done ? done : null));
            Assert.Equal(ids.Order(), runs.Select(r => r.CorrectionId).Order());
            Assert.All(runs, r => Assert.Single(r.Servers));
            Assert.Equal(2, runs.SelectMany(r => r.Servers).Distinct().Count());

            // v1 is the base model; each fixed correction served without approval adds one version.
            const int expected = 1 + Corrections;
            await EventuallyAsync(TimeSpan.FromSeconds(30), async () =>
                (await Task.WhenAll(nodes.Select(n => n.HealthAsync()))).All(h => h.Models["fc"] == expected) ? "" : null);
            foreach (var webClient in new[] { client, otherClient })
            {
                var model = (await webClient.GetFromJsonAsync<List<ModelStatusResponse>>("/api/models"))!.Single(m => m.Task == "fc");
                Assert.Equal((expected, Corrections), (model.Version, model.PatchCount));
                foreach (var (claim, label) in claims)
                {
                    var answer = await PredictAsync(webClient, claim);
                    Assert.Equal((label, expected), (answer.Output, answer.ModelVersion));
                }
            }
        }
        catch (Exception error)
        {
            throw new Exception($"{error.Message}\n\n{string.Join("\n\n", nodes.Select(n => n.Tail()))}", error);
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
            try { Directory.Delete(shared, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<PredictResponse> PredictAsync(HttpClient client, string input)
    {
        var response = await client.PostAsJsonAsync("/api/predict", new { task = "fc", input });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PredictResponse>())!;
    }

    private sealed record PatchJobRun(int CorrectionId, List<string> Servers);

    /// <summary>Every succeeded patch job, read from Hangfire's own history: which correction, and which servers processed it.</summary>
    private static List<PatchJobRun> PatchJobRuns(string connectionString)
    {
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = false }),
            new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = false });
        var monitor = storage.GetMonitoringApi();
        return monitor.SucceededJobs(0, 1000).Where(j => j.Value.Job?.Type == typeof(PatchJob))
            .Select(j => new PatchJobRun((int)j.Value.Job.Args[0], monitor.JobDetails(j.Key).History
                .Where(s => s.StateName == "Processing").Select(s => s.Data["ServerId"]).ToList()))
            .ToList();
    }

    private static async Task<T> EventuallyAsync<T>(TimeSpan timeout, Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } result) return result;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not reached within {timeout}.");
            await Task.Delay(500);
        }
    }
}
