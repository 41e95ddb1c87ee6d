using System.Security.Claims;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;

namespace PatcherPortal.Web.ModelData;

/// <summary>Each model's own data in (examples file), its corrections out (edits, zsRE, CounterFact) and edits replayed in.</summary>
public static class ModelDataApi
{
    public static void MapModelDataApi(this WebApplication app)
    {
        var api = app.MapModelApiGroup();
        api.MapGet("/data", (string model, ModelDataStore store) => store.Summary(model))
            .WithSummary("What the model's data gives: memory and keep set sizes, paraphrase shifts, and the metrics it cannot compute, with why.");
        api.MapGet("/corrections/export", ExportAsync)
            .WithSummary("The model's corrections as a download: format=edits (JSON lines: input, target, paraphrases, wrong output, author, time, status), zsre or counterfact.");
        api.MapGet("/versions/{version}/patches", VersionDownloads.PatchesAsync)
            .WithSummary("A version's patch file (safetensors); 404 when the version carries no patches.");
        api.MapGet("/versions/{version}/export", VersionDownloads.ZipAsync)
            .WithSummary("A version as a zip: the Hugging Face directory of its base plus its patch file.");
        api.MapGet("/imports/{id}", (string model, int id, EditImport import) => import.GetAsync(model, id))
            .WithSummary("An import run's report, edit by edit: queued (with its correction), refused (with the reason) or already correct.");
        api.MapPost("/data/keep", (string model, KeepAnswerRequest request, ClaimsPrincipal user, AcceptedAnswers accepted, CancellationToken cancellation) =>
                accepted.KeepAsync(model, request.ReviewItemId, user.Actor(), cancellation))
            .WithSummary("Accept a review item's answer as right and add it to the model's keep set (TrainR and consolidation replay measure and " +
                         "replay it; it leaves the memory). 409 when the item was flagged or skipped.");

        var admin = api.MapGroup("").RequireAuthorization(Policies.Admin);
        admin.MapPost("/data", async (string model, HttpRequest http, ModelDataStore store, CancellationToken cancellation) =>
            {
                var file = await FileAsync(http, cancellation);
                await using var stream = file.OpenReadStream();
                return await store.UploadAsync(model, file.FileName, stream, cancellation);
            }).WithSummary("Upload the model's own examples (multipart field 'file': JSONL / CSV with input, target, paraphrases, id, split; " +
                           "or zsRE / CounterFact / FEVER-KILT). It replaces the model's previous data and becomes its memory and keep set.");
        admin.MapPost("/imports", async (string model, HttpRequest http, ClaimsPrincipal user, EditImport import, CancellationToken cancellation) =>
            {
                var file = await FileAsync(http, cancellation);
                await using var stream = file.OpenReadStream();
                var report = await import.RunAsync(model, file.FileName, stream, user.Actor(), cancellation);
                return Results.Created($"/api/models/{report.Model}/imports/{report.Id}", report);
            }).WithSummary("Replay an edits export (multipart field 'file': edits JSONL, zsRE or CounterFact) on this model: one correction per edit.");
    }

    private static async Task<IFormFile> FileAsync(HttpRequest http, CancellationToken cancellation)
    {
        if (!http.HasFormContentType) throw new ArgumentException("Send a multipart form with the file as the field 'file'.");
        var form = await http.ReadFormAsync(cancellation);
        return form.Files.GetFile("file") ?? throw new ArgumentException("Attach the file as the form field 'file'.");
    }

    private static async Task<IResult> ExportAsync(string model, string? format, PortalDbContext db, ModelRegistry registry)
    {
        var served = registry.Resolve(model);
        format = string.IsNullOrWhiteSpace(format) ? EditJsonlReader.Format : format.Trim().ToLowerInvariant();
        if (!DatasetWriter.Formats.Contains(format))
            throw new ArgumentException($"Cannot export as '{format}'; expected one of: {string.Join(", ", DatasetWriter.Formats)}.");
        var dataset = await CorrectionsExport.DatasetAsync(db, served.Name, served.Kind);
        var buffer = new MemoryStream();
        DatasetWriter.Write(buffer, dataset, format);
        var type = format == EditJsonlReader.Format ? "application/jsonl" : "application/json";
        return Results.File(buffer.ToArray(), type, $"{served.Name}-corrections-{format}{DatasetWriter.Extension(format)}");
    }
}
