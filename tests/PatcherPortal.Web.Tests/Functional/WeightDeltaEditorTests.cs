using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing.Baselines.HyperNetworks;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Training;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Settings;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>A deployment sets its fact checker to MEND: corrections become weight deltas that approve, remove and roll back
/// as patches do.</summary>
public sealed class WeightDeltaEditorTests(TestPortal portal) : IClassFixture<TestPortal>, IAsyncLifetime
{
    /// <summary>One MEND editor for the class's tests (it depends only on the cached base model).</summary>
    private static readonly Lazy<string> TrainedMend = new(() =>
    {
        var output = Path.Combine(Path.GetTempPath(), "portal-mend-" + Guid.NewGuid().ToString("N")[..8]);
        TrainMend(TinyModelCache.Directory("fc"), output);
        return output;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private string mend = default!;
    private HttpClient service = default!;
    private HttpClient admin = default!;

    public async Task InitializeAsync()
    {
        await portal.ReadyAsync(["fc"]);
        var keys = portal.Services.GetRequiredService<ApiKeys>();
        service = PortalClient.WithApiKey(portal, (await keys.CreateAsync("service", Roles.Annotator, "test")).Secret);
        admin = PortalClient.WithApiKey(portal, (await keys.CreateAsync("ops", Roles.Admin, "test")).Secret);
        mend = TrainedMend.Value;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>What 'patcher train-editor --kind mend' does, on the portal's own base fact checker (a few seconds here).</summary>
    private static void TrainMend(string modelDirectory, string output)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var loaded = PretrainedModels.Load(modelDirectory, TorchSharp.torch.CPU);
        var model = BaseModelBuilder.Editable(loaded);
        var claims = TinyBaseModels.Facts().Take(40).SelectMany(f => f.Claims)
            .Select((c, i) => new EditExample($"c{i}", c.Text, c.Label, c.Rephrases, [])).ToList();
        EditorTraining.Train(model, EditCase.FromTraining(claims, 2, seed: 1),
            new EditorTrainingOptions { Kind = "mend", Steps = 150, Hidden = 64, LearningRate = 3e-3, ValidationCases = 10, CheckpointEvery = 150 }, output);
    }

    [Fact]
    public async Task A_correction_to_a_MEND_model_changes_its_answer_and_removing_it_restores_every_old_answer()
    {
        Assert.Equal(ModelEditor.TransformerPatcher, (await service.GetFromJsonAsync<ModelEditor>("/api/models/fc/editor"))!.Kind);
        var chosen = await admin.PutAsJsonAsync("/api/models/fc/editor", new { kind = "mend", directory = mend });
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        Assert.Equal("mend", (await service.GetFromJsonAsync<ModelEditor>("/api/models/fc/editor"))!.Kind);

        var factChecker = portal.Services.GetRequiredService<ModelRegistry>()["fc"];
        var known = TinyBaseModels.Claims(TinyBaseModels.Facts()).Select(c => c.Input).ToList();
        var (answersBefore, baseVersion) = factChecker.PredictMany(known);
        CorrectionStatusResponse? done = null;
        LabelledInput? claim = null;
        foreach (var wrong in Facts.WrongClaims(factChecker).Take(6))
        {
            var report = await service.PostAsJsonAsync("/api/corrections", new { task = "fc", input = wrong.Input, target = wrong.Target });
            Assert.Equal(HttpStatusCode.Accepted, report.StatusCode);
            var status = await service.WaitForJobAsync((await report.Content.ReadFromJsonAsync<ReportResponse>())!.CorrectionId);
            if (status.Status != "Fixed")
            {
                Assert.Empty(status.Patches);
                continue;
            }
            (done, claim) = (status, wrong);
            break;
        }
        Assert.True(done is not null && claim is not null, "MEND fixed none of the six wrong claims it was given");
        var delta = Assert.Single(done.Patches);
        Assert.Equal("WeightDelta", delta.Kind);
        Assert.Equal("Pending", delta.Status);
        Assert.NotEqual(claim.Target, (await service.PredictAsync("fc", claim.Input)).Output);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/patches/{delta.PatchId}/approve", new { reason = "checked" })).StatusCode);
        var served = await service.PredictAsync("fc", claim.Input);
        Assert.Equal(claim.Target, served.Output);
        Assert.Empty(served.FiredPatches);
        Assert.Equal(factChecker.BaseParameterCount, factChecker.ParameterCount);
        var withDelta = served.ModelVersion;

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/patches/{delta.PatchId}/remove", new { reason = "regression elsewhere" })).StatusCode);
        var (answersAfter, version) = factChecker.PredictMany(known);
        Assert.True(version > baseVersion);
        Assert.Equal(answersBefore, answersAfter);

        var rollback = await admin.PostAsJsonAsync("/api/models/fc/rollback", new { version = withDelta, reason = "bring it back" });
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(claim.Target, (await service.PredictAsync("fc", claim.Input)).Output);
    }

    [Theory]
    [InlineData("rome", null, "'rome' is not an editor")]
    [InlineData(null, null, "Valid editors: tpatcher, mend, ke")]
    [InlineData("mend", null, "needs the directory of one trained for this model")]
    [InlineData("ke", "{mend}", "holds a 'mend' editor, not 'ke'")]
    [InlineData("mend", "/nonexistent/editor", "is not a trained editor")]
    public async Task An_editor_that_cannot_serve_the_model_is_refused_with_the_reason(string? kind, string? directory, string reason)
    {
        var response = await admin.PutAsJsonAsync("/api/models/fc/editor", new { kind, directory = directory?.Replace("{mend}", mend) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }
}
