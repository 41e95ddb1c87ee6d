using PatcherPortal.Web.Models;

namespace PatcherPortal.Web.Data;

/// <summary>
/// A model the portal serves and edits. Its versions, patches, review queue, corrections, jobs, metrics and
/// consolidation runs are keyed by <see cref="Name"/>, which is also its URL segment, job queue and data folder.
/// </summary>
public sealed class RegisteredModel
{
    public int Id { get; set; }
    /// <summary>Lower-case letters, digits, '-' and '_', starting with a letter: see <see cref="Registry.ModelNames"/>.</summary>
    public required string Name { get; set; }
    public required string DisplayName { get; set; }
    public string? Description { get; set; }
    public ModelKind Kind { get; set; }
    /// <summary>What the model is asked ("Question", "Claim"); "Input" unless given.</summary>
    public string InputLabel { get; set; } = "Input";
    /// <summary>The portal's copy of the Hugging Face directory, relative to the data directory.</summary>
    public required string BaseDirectory { get; set; }
    /// <summary>Where the model was registered from (a server directory or an archive's file name), for the record.</summary>
    public string? Source { get; set; }
    /// <summary>"auto", "cpu" or "cuda"; null: the portal's <c>Portal:Device</c>.</summary>
    public string? Device { get; set; }
    /// <summary>Overrides of the editor's hyper-parameters (<c>Portal:Patcher</c>), as a JSON object; null: none.</summary>
    public string? EditorSettings { get; set; }
    /// <summary>A classifier's labels in id order, from its config.json's id2label; empty for a generator.</summary>
    public List<string> Labels { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime? RetiredAt { get; set; }
    public string? RetiredBy { get; set; }

    public bool Retired => RetiredAt is not null;
}
