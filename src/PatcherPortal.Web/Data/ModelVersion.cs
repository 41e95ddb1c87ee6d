namespace PatcherPortal.Web.Data;

/// <summary>
/// A base checkpoint plus an ordered set of live patches. Every change (patches going live, a removal, a roll
/// back) adds a version; the highest number is the one in service.
/// </summary>
public sealed class ModelVersion
{
    public int Id { get; set; }
    public required string Model { get; set; }
    public int Number { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public required string Reason { get; set; }
    public List<Guid> PatchIds { get; set; } = [];
    public int PatchCount { get; set; }
    public long ParameterCount { get; set; }
    /// <summary>The base checkpoint directory, relative to the data directory: a consolidation's fine-tuned base, or null
    /// for the original base model.</summary>
    public string? BaseModel { get; set; }
    /// <summary>The patch file, relative to the data directory; null for the bare base model.</summary>
    public string? PatchFile { get; set; }
}
