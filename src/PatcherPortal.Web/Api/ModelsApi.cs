using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Registry;
using PatcherPortal.Web.Settings;

namespace PatcherPortal.Web.Api;

/// <summary>The model registry's API: list, register (from a server directory or an uploaded archive) and retire models.</summary>
public static class ModelsApi
{
    public static void MapModelsApi(this WebApplication app)
    {
        var api = app.MapApiGroup();
        api.MapGet("/models", ListAsync).WithSummary("The registered models (retired ones too with ?retired=true): kind, labels, version, readiness.");
        api.MapGet("/models/{model}", OneAsync).WithSummary("One registered model, retired or not.");

        var admin = api.MapGroup("").RequireAuthorization(Policies.Admin);
        admin.MapPost("/models", RegisterAsync).WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute()).Accepts<ModelRegistrationRequest>("application/json", "multipart/form-data")
            .WithSummary("Register a model from a Hugging Face directory on the server (JSON: name, directory, ...) or an uploaded " +
                         ".zip / .tar.gz (multipart: the same fields and the file as 'archive'). Checked before anything is stored.");
        admin.MapPost("/models/{model}/retire", async (string model, ClaimsPrincipal user, ModelRegistration registration, ModelRegistry registry) =>
            {
                var retired = await registration.RetireAsync(model, user.Actor());
                return new MessageResponse($"The model '{retired.Name}' is retired: it serves no more; its history stays readable.");
            }).WithSummary("Stop serving a model; its versions, patches and corrections stay readable.");
        api.MapGet("/models/{model}/editor", (string model, ModelRegistry registry, PortalSettings settings) =>
                settings.EditorAsync(Known(registry, model).Name))
            .WithSummary("Which editor turns the model's corrections into patches: tpatcher (neurons), mend or ke (weight deltas, with the trained editor's directory).");
        admin.MapPut("/models/{model}/editor", async (string model, ModelEditor editor, ClaimsPrincipal user, ModelRegistry registry, PortalSettings settings) =>
            {
                var chosen = editor.Checked(Known(registry, model).Dimension);
                await settings.SetEditorAsync(model, chosen, user.Actor());
                return chosen;
            }).WithSummary("Choose the model's editor (kind: tpatcher, mend or ke; directory: a MEND or KE editor trained for this model by " +
                           "'patcher train-editor'). Refused, naming the problem, for an unknown kind or an editor that does not fit. Edits queued later use it.");
    }

    private static TaskModel Known(ModelRegistry registry, string model) =>
        registry.Find(model) ?? throw new KeyNotFoundException($"There is no model '{model}' in service.");

    /// <summary>The registered models, and the built-in ones still being built (registered once they are).</summary>
    private static async Task<List<ModelStatusResponse>> ListAsync(bool? retired, PortalDbContext db, ModelRegistry registry)
    {
        var rows = await db.RegisteredModels.AsNoTracking().Where(m => retired == true || m.RetiredAt == null).OrderBy(m => m.Id).ToListAsync();
        var building = registry.All.Where(s => rows.All(r => r.Name != s.Name)).Select(s => s.Definition);
        return rows.Concat(building).Select(m => ToResponse(m, registry.Find(m.Name))).ToList();
    }

    private static async Task<ModelStatusResponse> OneAsync(string model, PortalDbContext db, ModelRegistry registry) =>
        ToResponse(await db.RegisteredModels.AsNoTracking().SingleOrDefaultAsync(m => m.Name == model)
            ?? throw new KeyNotFoundException($"There is no model '{model}'."), registry.Find(model));

    private static async Task<IResult> RegisterAsync(HttpRequest http, ClaimsPrincipal user, ModelRegistration registration, ModelRegistry registry,
        CancellationToken cancellation)
    {
        RegisteredModel registered;
        try
        {
            if (http.HasFormContentType)
            {
                var form = await http.ReadFormAsync(cancellation);
                var archive = form.Files.GetFile("archive") ?? throw new ArgumentException("Attach the model archive as the form field 'archive'.");
                await using var stream = archive.OpenReadStream();
                registered = await registration.FromArchiveAsync(FromForm(form), stream, archive.FileName, user.Actor(), cancellation);
            }
            else
            {
                var request = await http.ReadFromJsonAsync<ModelRegistrationRequest>(cancellation)
                    ?? throw new ArgumentException("Send the model's name and directory as JSON, or a multipart form with an archive.");
                registered = await registration.FromDirectoryAsync(request, user.Actor(), cancellation);
            }
        }
        catch (CheckpointException refused)
        {
            return Results.Problem(refused.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "The model cannot be registered");
        }
        catch (JsonException error)
        {
            throw new ArgumentException($"The request is not valid JSON: {error.Message}", error);
        }
        return Results.Created($"/api/models/{registered.Name}", ToResponse(registered, registry.Find(registered.Name)));
    }

    private static ModelRegistrationRequest FromForm(IFormCollection form)
    {
        string? Field(string name) => form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString() : null;
        JsonObject? settings;
        try
        {
            settings = Field("editorSettings") is { } json ? JsonNode.Parse(json)?.AsObject() : null;
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            throw new ArgumentException($"editorSettings is not a JSON object: {error.Message}", error);
        }
        return new ModelRegistrationRequest(Field("name"), Field("displayName"), Field("description"), Field("kind"), null, Field("device"),
            settings, Field("inputLabel"), Field("sample"), form.TryGetValue("promptTemplate", out var template) && template.Count > 0 ? template.ToString() : null);
    }

    public static ModelStatusResponse ToResponse(RegisteredModel m, TaskModel? served) => new(m.Name, m.DisplayName, m.Description,
        m.Kind.ToString(), m.InputLabel, served?.Labels ?? m.Labels, served?.IsReady ?? false, served?.Version ?? 0, served?.PatchCount ?? 0,
        served?.ParameterCount ?? 0, served?.Activity ?? (m.Retired ? "Retired" : "Not in service"), m.Source, m.CreatedAt, m.CreatedBy,
        m.RetiredAt, m.RetiredBy);
}
