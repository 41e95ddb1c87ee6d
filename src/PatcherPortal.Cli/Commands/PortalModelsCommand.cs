using System.CommandLine;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PatcherPortal.Cli.Commands;

/// <summary><c>patcher models add|retire|list</c>: a running portal's model registry, through its REST API (admin key).</summary>
public static class PortalModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "Register, list and retire the models a running portal serves (through its API; an admin API key).");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Retire());
        command.Subcommands.Add(List());
        return command;
    }

    private static Option<string> Portal() => new("--portal") { Description = "The portal's address, e.g. http://localhost:5000", Required = true };
    private static Option<string> ApiKey() => new("--api-key") { Description = "An admin API key (created on the portal's Admin page)", Required = true };
    private static Option<string> Name() => new("--name") { Description = "The model's name: lower-case letters, digits, '-' and '_'", Required = true };

    private static Command Add()
    {
        var (portal, key, name) = (Portal(), ApiKey(), Name());
        var directory = new Option<string>("--directory") { Description = "A Hugging Face directory on the portal's server (with --upload: on this machine, packed and sent)" };
        var upload = new Option<bool>("--upload") { Description = "Pack --directory into a .tar.gz here and upload it" };
        var archive = new Option<FileInfo>("--archive") { Description = "A .zip or .tar.gz of a Hugging Face directory, uploaded" };
        var displayName = new Option<string>("--display-name") { Description = "How pages name the model (default: its name)" };
        var kind = new Option<string>("--kind") { Description = "classification or generation (default: read from config.json)" };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda (default: the portal's)" };
        var inputLabel = new Option<string>("--input-label") { Description = "What the model is asked, e.g. Question, Claim (default: Input)" };
        var settings = new Option<string>("--editor-settings") { Description = "Editor overrides as JSON, e.g. {\"maxSteps\":200}" };
        var command = new Command("add", "Register a model: the portal checks it loads, tokenizes and predicts before storing anything.")
            { portal, key, name, directory, upload, archive, displayName, kind, device, inputLabel, settings };
        command.SetAction(async (result, cancellation) =>
        {
            var (dir, file) = (result.GetValue(directory), result.GetValue(archive));
            if ((dir is null) == (file is null)) return Fail("Give either --directory or --archive.");
            var fields = new Dictionary<string, string?>
            {
                ["name"] = result.GetValue(name), ["displayName"] = result.GetValue(displayName), ["kind"] = result.GetValue(kind),
                ["device"] = result.GetValue(device), ["inputLabel"] = result.GetValue(inputLabel), ["editorSettings"] = result.GetValue(settings),
            };
            using var client = Client(result.GetValue(portal)!, result.GetValue(key)!);
            using var response = dir is not null && !result.GetValue(upload)
                ? await client.PostAsJsonAsync("api/models", Json(fields, dir), cancellation)
                : await client.PostAsync("api/models", await FormAsync(fields, dir, file, cancellation), cancellation);
            return await ReportAsync(response, cancellation);
        });
        return command;
    }

    private static Command Retire()
    {
        var (portal, key, name) = (Portal(), ApiKey(), Name());
        var command = new Command("retire", "Retire a model: it stops serving; its history stays readable.") { portal, key, name };
        command.SetAction(async (result, cancellation) =>
        {
            using var client = Client(result.GetValue(portal)!, result.GetValue(key)!);
            using var response = await client.PostAsync($"api/models/{Uri.EscapeDataString(result.GetValue(name)!)}/retire", null, cancellation);
            return await ReportAsync(response, cancellation);
        });
        return command;
    }

    private static Command List()
    {
        var (portal, key) = (Portal(), ApiKey());
        var retired = new Option<bool>("--retired") { Description = "Include retired models" };
        var command = new Command("list", "The registered models: name, kind, version, patches, state.") { portal, key, retired };
        command.SetAction(async (result, cancellation) =>
        {
            using var client = Client(result.GetValue(portal)!, result.GetValue(key)!);
            using var response = await client.GetAsync($"api/models?retired={result.GetValue(retired).ToString().ToLowerInvariant()}", cancellation);
            if (!response.IsSuccessStatusCode) return await ReportAsync(response, cancellation);
            foreach (var model in (await response.Content.ReadFromJsonAsync<JsonArray>(cancellation))!)
                Console.WriteLine($"{model!["model"],-20} {model["kind"],-15} v{model["version"],-5} {model["patchCount"],5} patches  " +
                                  $"{(model["retiredAt"] is null ? model["activity"] : $"retired {model["retiredAt"]}")}");
            return 0;
        });
        return command;
    }

    private static HttpClient Client(string portal, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(portal.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static JsonObject Json(Dictionary<string, string?> fields, string directory)
    {
        var json = new JsonObject { ["directory"] = directory };
        foreach (var (field, value) in fields.Where(f => f.Value is not null))
            json[field] = field == "editorSettings" ? JsonNode.Parse(value!) : value;
        return json;
    }

    private static async Task<MultipartFormDataContent> FormAsync(Dictionary<string, string?> fields, string? directory, FileInfo? archive,
        CancellationToken cancellation)
    {
        var form = new MultipartFormDataContent();
        foreach (var (field, value) in fields.Where(f => f.Value is not null)) form.Add(new StringContent(value!), field);
        if (archive is not null)
        {
            form.Add(new StreamContent(archive.OpenRead()), "archive", archive.Name);
            return form;
        }
        var packed = new MemoryStream();
        await using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
            await TarFile.CreateFromDirectoryAsync(directory!, gzip, includeBaseDirectory: false, cancellation);
        packed.Position = 0;
        form.Add(new StreamContent(packed), "archive", Path.GetFileName(Path.GetFullPath(directory!).TrimEnd('/')) + ".tar.gz");
        return form;
    }

    /// <summary>Prints the portal's answer: the model registered or retired, or its refusal (the problem's detail).</summary>
    private static async Task<int> ReportAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        var body = await response.Content.ReadAsStringAsync(cancellation);
        JsonNode? json = null;
        try { json = body.Length > 0 ? JsonNode.Parse(body) : null; } catch (System.Text.Json.JsonException) { }
        if (!response.IsSuccessStatusCode)
            return Fail($"{(int)response.StatusCode} {response.ReasonPhrase}: {json?["detail"] ?? json?["title"] ?? body}");
        Console.WriteLine(json?["message"]?.ToString()
            ?? $"Registered '{json?["model"]}' ({json?["kind"]}{(json?["labels"] is JsonArray { Count: > 0 } labels ? $": {string.Join(", ", labels)}" : "")}), {json?["activity"]}.");
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
