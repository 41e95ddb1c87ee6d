using System.Net;
using System.Net.Http.Json;
using PatcherPortal.LoadBench;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Reliability;

/// <summary>
/// The portal as its own process, killed outright (SIGKILL: no shutdown code runs) in the middle of a patch job and in
/// the middle of writing a model version, then started again on the same data directory.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(2);
    private readonly string data = Path.Combine(Path.GetTempPath(), "patcher-portal-tests", "crash-" + Guid.NewGuid().ToString("N")[..8]);

    public CrashTests() => TinyModelCache.CopyTo(data);

    [Fact]
    public async Task A_kill_in_the_middle_of_training_loses_no_correction_and_the_job_runs_again_once()
    {
        int id;
        using (var portal = Portal(("Portal:Faults:TrainingStepPause", "00:00:01")))
        {
            await portal.StartAsync(Startup);
            using var client = await portal.SignedInAsync();
            id = await ReportAsync(client);
            await portal.WaitForLogAsync($"training step 2 of correction #{id}", TimeSpan.FromMinutes(1));
            portal.Kill();
        }

        using var restarted = Portal();
        await restarted.StartAsync(Startup);
        Assert.Contains(restarted.Log, line => line.Contains("qa model in service (version 1)"));
        using var again = await restarted.SignedInAsync();
        var done = await again.WaitForJobAsync(id);
        Assert.Equal("Fixed", done.Status);
        Assert.NotEmpty(done.Patches);
        Assert.All(done.Patches, p => Assert.Equal(("Live", 2), (p.Status, p.LiveInVersion)));
        await AssertServesOneEditAsync(again, done);
        Assert.Contains(restarted.Log, line => line.Contains($"Correction #{id} was interrupted by a crash"));
    }

    [Fact]
    public async Task A_kill_while_a_new_version_is_being_written_leaves_the_last_committed_version_in_service()
    {
        var versions = Path.Combine(data, "models", "qa", "versions");
        int id;
        using (var portal = Portal(("Portal:Faults:VersionRenamePause", "00:05:00")))
        {
            await portal.StartAsync(Startup);
            using var client = await portal.SignedInAsync();
            id = await ReportAsync(client);
            await portal.WaitForLogAsync("Fault point: pausing 00:05:00 at before renaming", TimeSpan.FromMinutes(1));
            Assert.Single(Directory.GetFiles(versions, "*.tmp"));
            Assert.Empty(Directory.GetFiles(versions, "*.safetensors"));
            portal.Kill();
        }

        using var restarted = Portal();
        await restarted.StartAsync(Startup);
        Assert.Contains(restarted.Log, line => line.Contains("qa model in service (version 1)"));
        using var again = await restarted.SignedInAsync();
        var done = await again.WaitForJobAsync(id);
        Assert.Equal("Fixed", done.Status);
        await AssertServesOneEditAsync(again, done);
        Assert.True(File.Exists(Path.Combine(versions, "v00002.safetensors")));
    }

    /// <summary>Version 2 carries exactly this edit's patches (no second copy) and answers the question.</summary>
    private static async Task AssertServesOneEditAsync(HttpClient client, CorrectionStatusResponse done)
    {
        var qa = (await client.GetFromJsonAsync<List<ModelStatusResponse>>("/api/models"))!.Single(m => m.Task == "qa");
        Assert.Equal((2, done.Patches.Count), (qa.Version, qa.PatchCount));
        var answer = await client.PredictAsync("qa", Facts.Question);
        Assert.Equal((Facts.Answer, 2), (answer.Output, answer.ModelVersion));
    }

    private PortalProcess Portal(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["Portal:ModelProfile"] = "Tiny", ["Portal:TorchThreads"] = TinyModelCache.TorchThreads.ToString(), ["Portal:RequireApproval"] = "false",
            ["Portal:Jobs:QueuePollInterval"] = "00:00:00.5", ["Portal:Jobs:HeartbeatInterval"] = "00:00:01",
            ["Portal:Jobs:ServerTimeout"] = "00:00:03", ["Portal:Jobs:RecoveryInterval"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:PatcherPortal.Web.Hosting.ModelServing"] = "Information",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return new PortalProcess(data, settings);
    }

    private static async Task<int> ReportAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/corrections",
            new { task = "qa", input = Facts.Question, target = Facts.Answer, paraphrases = new[] { Facts.Paraphrase } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ReportResponse>())!.CorrectionId;
    }


    public void Dispose()
    {
        try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
