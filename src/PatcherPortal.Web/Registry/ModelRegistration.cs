using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PatcherPortal.Engine;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Models;

namespace PatcherPortal.Web.Registry;

/// <summary>
/// Registers and retires models. Registration checks everything before storing anything: the name, the settings, and
/// the model itself (<see cref="ModelCheck"/>) on the portal's own copy of its files (data/models/{name}/base), which
/// edits never touch the team's original. Only then is the row saved and the model brought into service.
/// </summary>
public sealed class ModelRegistration(IDbContextFactory<PortalDbContext> databases, ModelRegistry registry, ModelServing serving,
    PortalPaths paths, ClusterLock cluster, IOptions<PortalOptions> options, IOptions<PatcherOptions> patcher, ILogger<ModelRegistration> logger)
{
    public async Task<RegisteredModel> FromDirectoryAsync(ModelRegistrationRequest request, string actor, CancellationToken cancellation = default)
    {
        if (string.IsNullOrWhiteSpace(request.Directory)) throw new ArgumentException("Give the model's directory on the server (or upload an archive).");
        var directory = Path.GetFullPath(request.Directory.Trim());
        if (!Directory.Exists(directory)) throw new ArgumentException($"The directory {directory} does not exist on the server.");
        return await RegisterAsync(Define(request, actor, directory), ParseKind(request.Kind), directory, request.Sample, cancellation, Template(request));
    }

    public async Task<RegisteredModel> FromArchiveAsync(ModelRegistrationRequest request, Stream archive, string fileName, string actor,
        CancellationToken cancellation = default)
    {
        if (!ModelArchive.IsSupported(fileName)) throw new ArgumentException($"'{fileName}' is not a .zip or .tar.gz archive.");
        var definition = Define(request, actor, fileName);
        var unpacked = Path.Combine(paths.Root, "models", ".uploads", Guid.NewGuid().ToString("N"));
        try
        {
            var root = await Task.Run(() => ModelArchive.Extract(archive, fileName, unpacked, options.Value.Models.MaxArchiveBytes), cancellation);
            return await RegisterAsync(definition, ParseKind(request.Kind), root, request.Sample, cancellation, Template(request));
        }
        finally
        {
            if (Directory.Exists(unpacked)) Directory.Delete(unpacked, recursive: true);
        }
    }

    /// <summary>Registers a model whose files are in <paramref name="source"/>; a source that already is the model's base
    /// directory (a built-in model the portal built there) is checked in place.</summary>
    /// <param name="kind">The kind the caller expects; null: whatever config.json describes.</param>
    /// <param name="template">Written into the portal's copy (the team's directory is never changed), before the check.</param>
    public async Task<RegisteredModel> RegisterAsync(RegisteredModel definition, ModelKind? kind, string source, string? sample, CancellationToken cancellation,
        PromptTemplate? template = null)
    {
        using var held = await cluster.AcquireAsync($"model-registration:{definition.Name}", TimeSpan.FromMinutes(1), cancellation);
        await RefuseTakenNameAsync(definition.Name, cancellation);
        var target = paths.BaseModel(definition.Name);
        var inPlace = string.Equals(Path.GetFullPath(source).TrimEnd('/'), Path.GetFullPath(target), StringComparison.Ordinal);
        var staging = inPlace ? target : target + ".registering";
        try
        {
            if (!inPlace)
            {
                if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
                await Task.Run(() => CopyDirectory(source, staging), cancellation);
            }
            template?.Write(staging);
            var device = definition.Device is { Length: > 0 } own ? TorchDevice.Choose(own) : registry.Device.Value;
            var checkedModel = await Task.Run(() => ModelCheck.Run(staging, kind, sample, device), cancellation);
            (definition.Kind, definition.Labels) = (checkedModel.Kind, [.. checkedModel.Labels]);
            if (!inPlace)
            {
                if (Directory.Exists(target)) Directory.Delete(target, recursive: true); // left by an earlier registration that was refused
                Directory.Move(staging, target);
            }
        }
        catch
        {
            if (!inPlace) RemoveLeftovers(staging, paths.ModelDirectory(definition.Name));
            throw;
        }
        // In the registry before the row exists, so the loop following the models table never brings it in a second time.
        var model = registry.Add(definition);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellation);
            definition.BaseDirectory = paths.Relative(target);
            definition.CreatedAt = DateTime.UtcNow;
            db.RegisteredModels.Add(definition);
            Audit.Audit.Record(db, definition.CreatedBy, "model.registered", definition.Name,
                details: $"{ModelCheck.Describe(definition.Kind)} from {definition.Source}");
            await db.SaveChangesAsync(cancellation);
        }
        catch
        {
            registry.Retire(definition.Name);
            throw;
        }
        logger.LogInformation("Model {Model} registered ({Kind}) from {Source}", definition.Name, definition.Kind, definition.Source);
        await serving.BringIntoServiceAsync(model, cancellation);
        return definition;
    }

    /// <summary>Stops serving the model and hides it from selectors; its versions, patches and corrections stay readable.</summary>
    public async Task<RegisteredModel> RetireAsync(string name, string actor)
    {
        await using var db = await databases.CreateDbContextAsync();
        var model = await db.RegisteredModels.SingleOrDefaultAsync(m => m.Name == name)
            ?? throw new KeyNotFoundException($"There is no model '{name}'.");
        if (model.Retired) throw new InvalidOperationException($"The model '{name}' was already retired on {model.RetiredAt:u} by {model.RetiredBy}.");
        (model.RetiredAt, model.RetiredBy) = (DateTime.UtcNow, actor);
        Audit.Audit.Record(db, actor, "model.retired", name);
        await db.SaveChangesAsync();
        registry.Retire(name);
        serving.StopJobs(name);
        return model;
    }

    private RegisteredModel Define(ModelRegistrationRequest request, string actor, string source)
    {
        var name = request.Name?.Trim();
        if (ModelNames.Problem(name) is { } problem) throw new ArgumentException(problem);
        var device = request.Device?.Trim().ToLowerInvariant();
        if (device is { Length: > 0 } && device is not ("auto" or "cpu" or "cuda")) throw new ArgumentException($"Unknown device '{request.Device}' (use auto, cpu or cuda).");
        return new RegisteredModel
        {
            Name = name!, DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? name! : request.DisplayName.Trim(),
            Description = request.Description?.Trim(), Kind = ParseKind(request.Kind) ?? default,
            InputLabel = string.IsNullOrWhiteSpace(request.InputLabel) ? "Input" : request.InputLabel.Trim(),
            BaseDirectory = "", Source = source, Device = device is { Length: > 0 } ? device : null,
            EditorSettings = EditorSettings.Validate(request.EditorSettings, patcher.Value), CreatedBy = actor,
        };
    }

    private static PromptTemplate? Template(ModelRegistrationRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.PromptTemplate)) return null;
        if (!request.PromptTemplate.Contains(PromptTemplate.Placeholder, StringComparison.Ordinal))
            throw new ArgumentException($"The prompt template needs {PromptTemplate.Placeholder} where the question goes, e.g. \"Question: {{q}}\\nAnswer:\".");
        return PromptTemplate.Parse(request.PromptTemplate, "the registration");
    }

    public static ModelKind? ParseKind(string? kind) => kind?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "classification" or "classifier" => ModelKind.Classification,
        "generation" or "generator" => ModelKind.Generation,
        _ => throw new ArgumentException($"Unknown kind '{kind}' (use classification or generation)."),
    };

    private async Task RefuseTakenNameAsync(string name, CancellationToken cancellation)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        if (await db.RegisteredModels.SingleOrDefaultAsync(m => m.Name == name, cancellation) is { } taken)
            throw new InvalidOperationException(taken.Retired
                ? $"A retired model is named '{name}': its history keeps the name. Choose another."
                : $"A model named '{name}' is already registered.");
    }

    /// <summary>A refused registration leaves nothing behind: its staging copy, and the model's folder if that was all it held.</summary>
    private static void RemoveLeftovers(string staging, string modelDirectory)
    {
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        if (Directory.Exists(modelDirectory) && !Directory.EnumerateFileSystemEntries(modelDirectory).Any()) Directory.Delete(modelDirectory);
    }

    private static void CopyDirectory(string from, string to)
    {
        if (!File.Exists(Path.Combine(from, ModelConfigFile.FileName)))
            throw new CheckpointException($"{Path.Combine(from, ModelConfigFile.FileName)} is missing: a model directory needs config.json.");
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
