using Microsoft.Extensions.Options;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Models;

namespace PatcherPortal.Web.Infrastructure;

/// <summary>Where the portal keeps its files: one data directory with the database, the models and their patches.</summary>
public sealed class PortalPaths(IOptions<PortalOptions> options, IHostEnvironment environment)
{
    public string Root { get; } = Path.GetFullPath(options.Value.DataDirectory, environment.ContentRootPath);

    public string Database => Path.Combine(Root, "portal.db");
    public string JobDatabase => Path.Combine(Root, "jobs.db");
    public string DataProtectionKeys => Path.Combine(Root, "keys");
    public string TaskDirectory(ModelTask task) => Path.Combine(Root, "models", task.Code());
    public string BaseModel(ModelTask task) => Path.Combine(TaskDirectory(task), "base");
    /// <summary>The base a version builds on: the original one, or a consolidation's fine-tuned copy.</summary>
    public string BaseOf(ModelVersion version) => version.BaseModel is null ? BaseModel(version.Task) : Path.Combine(Root, version.BaseModel);
    public string ConsolidatedBase(ModelTask task, int runId) => Path.Combine(TaskDirectory(task), "bases", $"consolidation-{runId:D5}");
    public string VersionFile(ModelTask task, int version) => Path.Combine(TaskDirectory(task), "versions", $"v{version:D5}.safetensors");
    public string EditFile(ModelTask task, int correctionId) => Path.Combine(TaskDirectory(task), "edits", $"correction-{correctionId:D6}.safetensors");
    /// <summary>The directories holding the task's patch files (edits and versions).</summary>
    public IEnumerable<string> PatchDirectories(ModelTask task) => [Path.GetDirectoryName(VersionFile(task, 0))!, Path.GetDirectoryName(EditFile(task, 0))!];
    public string Relative(string path) => Path.GetRelativePath(Root, path);
}
