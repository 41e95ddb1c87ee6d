using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Tests.Components;
using PatcherPortal.Web.Tests.Support;
using PatcherPortal.Web.Components.Pages.Home;
using Bunit;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>Damaged model and patch files are reported with the file at fault; the portal keeps serving the last good version.</summary>
public sealed class DamagedFilesTests
{
    [Fact]
    public async Task A_model_of_unknown_type_or_with_truncated_weights_is_reported_and_its_files_are_left_as_they_were()
    {
        using var portal = new TestPortal();
        var qaConfig = Path.Combine(portal.DataDirectory, "models", "qa", "base", "config.json");
        File.WriteAllText(qaConfig, File.ReadAllText(qaConfig).Replace("\"gpt2\"", "\"t5\""));
        var fcWeights = Path.Combine(portal.DataDirectory, "models", "fc", "base", "model.safetensors");
        using (var file = File.Open(fcWeights, FileMode.Open)) file.SetLength(file.Length / 2);
        var (config, weightsLength) = (File.ReadAllText(qaConfig), new FileInfo(fcWeights).Length);

        var registry = portal.Services.GetRequiredService<ModelRegistry>();
        await WaitAsync(() => registry.All.All(m => m.Failed));
        var admin = await PortalClient.SignedInAsync(portal, TestPortal.AdminEmail);
        var models = (await admin.GetFromJsonAsync<List<ModelStatusResponse>>("/api/models"))!;
        var predict = await admin.PostAsJsonAsync("/api/predict", new { task = "qa", input = "What is the capital of Peru?" });

        Assert.Contains($"{qaConfig}: unknown model_type 't5' (supported: bert, roberta, distilbert, gpt2, llama, mistral, qwen2, qwen3)", models.Single(m => m.Task == "qa").Activity);
        Assert.Contains($"{fcWeights} is corrupt or not a weight file", models.Single(m => m.Task == "fc").Activity);
        await ApiErrorTests.AssertProblemAsync(predict, HttpStatusCode.ServiceUnavailable, "unknown model_type 't5'");
        Assert.Equal(ApiProblems.RetryAfter, predict.Headers.RetryAfter?.Delta);
        Assert.Equal((config, weightsLength), (File.ReadAllText(qaConfig), new FileInfo(fcWeights).Length));
    }

    [Fact]
    public async Task A_damaged_version_file_at_start_serves_the_last_good_version_and_says_why()
    {
        var directory = Path.Combine(Path.GetTempPath(), "patcher-portal-tests", Guid.NewGuid().ToString("N")[..12]);
        TinyModelCache.CopyTo(directory);
        var first = new RestartedPortal(directory);
        await first.ReadyAsync();
        var admin = PortalClient.WithApiKey(first, (await first.Services.GetRequiredService<ApiKeys>().CreateAsync("ops", Roles.Admin, "test")).Secret);
        var (_, patchId) = await Seed.PendingPatchAsync(first, "What is the capital of Peru?");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/patches/{patchId}/approve", new { })).StatusCode);
        var versionFile = first.Services.GetRequiredService<PortalPaths>().VersionFile("qa", 2);
        await first.DisposeAsync();
        File.WriteAllBytes(versionFile, [1, 2, 3, 4, 5, 6, 7, 8, 9]);

        using var restarted = new RestartedPortal(directory);
        await restarted.ReadyAsync();
        var model = restarted.Services.GetRequiredService<ModelRegistry>()["qa"];

        Assert.Equal((1, 0), (model.Version, model.PatchCount));
        Assert.Contains($"Serving v1, the last good version: v2 cannot be loaded ({versionFile} is corrupt", model.Activity);
        await using (var bunit = PortalBunit.Create())
        {
            bunit.Services.AddSingleton(restarted.Services.GetRequiredService<IModelStatusProvider>());
            var dashboard = bunit.Render<Home>();
            dashboard.WaitForAssertion(() => Assert.Equal(model.Warning,
                dashboard.Find($"[data-testid=model-card-{"qa"}] [data-testid=model-warning]").TextContent.Trim()), TimeSpan.FromSeconds(10));
            Assert.Empty(dashboard.FindAll($"[data-testid=model-card-{"fc"}] [data-testid=model-warning]"));
        }
        Assert.NotEmpty(model.Predict("What is the capital of Peru?").Output);
        await restarted.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Approving_a_patch_whose_file_is_damaged_names_the_file_and_the_model_keeps_its_version()
    {
        using var portal = new TestPortal();
        await portal.ReadyAsync();
        var admin = PortalClient.WithApiKey(portal, (await portal.Services.GetRequiredService<ApiKeys>().CreateAsync("ops", Roles.Admin, "test")).Secret);
        var (correctionId, patchId) = await Seed.PendingPatchAsync(portal, "What is the capital of Peru?");
        var editFile = portal.Services.GetRequiredService<PortalPaths>().EditFile("qa", correctionId);
        using (var file = File.Open(editFile, FileMode.Open)) file.SetLength(file.Length - 7);

        var response = await admin.PostAsJsonAsync($"/api/patches/{patchId}/approve", new { });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(Path.GetFileName(editFile), await response.Content.ReadAsStringAsync());
        var model = portal.Services.GetRequiredService<ModelRegistry>()["qa"];
        Assert.Equal(1, model.Version);
        Assert.Equal(1, (await admin.GetFromJsonAsync<List<ModelStatusResponse>>("/api/models"))!.Single(m => m.Task == "qa").Version);
        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        Assert.Equal(PatchStatus.Pending, (await db.Patches.FindAsync(patchId))!.Status);
        Assert.Empty(Seed.TemporaryFiles(portal));
    }

    [Fact]
    public async Task A_patch_job_whose_model_version_lost_its_files_fails_saying_which_and_trains_nothing()
    {
        using var portal = new TestPortal();
        await portal.ReadyAsync();
        var model = portal.Services.GetRequiredService<ModelRegistry>()["qa"];
        var (lostId, patchId) = await Seed.PendingPatchAsync(portal, "What is the capital of Peru?");
        await using (var db = await Seed.Databases(portal).CreateDbContextAsync())
        {
            // A version recorded in the database whose patch files are gone (a data directory restored from an older backup).
            var paths = portal.Services.GetRequiredService<PortalPaths>();
            File.Delete(paths.EditFile("qa", lostId));
            db.ModelVersions.Add(new ModelVersion
            {
                Model = "qa", Number = 2, CreatedBy = "test", Reason = "restored", PatchIds = [patchId], PatchCount = 1,
                PatchFile = paths.Relative(paths.VersionFile("qa", 2)),
            });
            await db.SaveChangesAsync();
        }
        var id = await Seed.QueuedCorrectionAsync(portal, "What is the capital of Chile?", "Santiago");

        await portal.Services.GetRequiredService<PatchJob>().RunAsync(id, CancellationToken.None);

        await using var after = await Seed.Databases(portal).CreateDbContextAsync();
        var correction = await after.Corrections.Include(c => c.Patches).SingleAsync(c => c.Id == id);
        Assert.Equal(CorrectionStatus.Failed, correction.Status);
        Assert.Contains("Version v2 of the model 'qa' cannot be loaded", correction.Message);
        Assert.Contains($"correction-{lostId:D6}.safetensors does not exist", correction.Message);
        Assert.Empty(correction.Patches);
        Assert.Equal(1, model.Version);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException();
            await Task.Delay(100);
        }
    }
}
