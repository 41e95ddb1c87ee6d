using Microsoft.Extensions.Options;
using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Infrastructure;

/// <summary>Where the portal keeps its files: one data directory with the database, the models and their patches.</summary>
public sealed class PortalPaths(IOptions<PortalOptions> options, IHostEnvironment environment)
{
    public string Root { get; } = Path.GetFullPath(options.Value.DataDirectory, environment.ContentRootPath);

    public string Database => Path.Combine(Root, "portal.db");
    public string JobDatabase => Path.Combine(Root, "jobs.db");
    public string DataProtectionKeys => Path.Combine(Root, "keys");
    /// <summary>A registered model's folder: its base directory, patch files and consolidated bases.</summary>
    public string ModelDirectory(string model) => Path.Combine(Root, "models", model);
    /// <summary>Where a model's own examples file is kept.</summary>
    public string ModelData(string model) => Path.Combine(ModelDirectory(model), "data");
    public string BaseModel(string model) => Path.Combine(ModelDirectory(model), "base");
    /// <summary>The base a version builds on: the original one, or a consolidation's fine-tuned copy.</summary>
    public string BaseOf(ModelVersion version) => version.BaseModel is null ? BaseModel(version.Model) : Path.Combine(Root, version.BaseModel);
    public string ConsolidatedBase(string model, int runId) => Path.Combine(ModelDirectory(model), "bases", $"consolidation-{runId:D5}");
    public string VersionFile(string model, int version) => Path.Combine(ModelDirectory(model), "versions", $"v{version:D5}.safetensors");
    public string EditFile(string model, int correctionId) => Path.Combine(ModelDirectory(model), "edits", $"correction-{correctionId:D6}.safetensors");
    /// <summary>The directories holding the model's patch files (edits and versions).</summary>
    public IEnumerable<string> PatchDirectories(string model) => [Path.GetDirectoryName(VersionFile(model, 0))!, Path.GetDirectoryName(EditFile(model, 0))!];
    public string Relative(string path) => Path.GetRelativePath(Root, path);
}
