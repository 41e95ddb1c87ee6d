namespace PatcherPortal.Web.Data;

/// <summary>
/// A base checkpoint plus an ordered set of live patches. Every change (patches going live, a removal, a roll
/// back) adds a version; the highest number is the one in service. A snapshot lists all its live patches (and its patch
/// file holds them); any other version stores only its change against the version before it, so writing a version costs
/// its change and reading one costs its snapshot plus the changes since.
/// </summary>
public sealed class ModelVersion
{
    public int Id { get; set; }
    public required string Model { get; set; }
    public int Number { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public required string Reason { get; set; }
    /// <summary>A snapshot's live patches, in serving order; empty for a version stored as its change.</summary>
    public List<Guid> PatchIds { get; set; } = [];
    public bool IsSnapshot { get; set; } = true;
    /// <summary>A change's patches going live, appended to the live set of the version before it.</summary>
    public List<Guid> AddedIds { get; set; } = [];
    public List<Guid> RemovedIds { get; set; } = [];
    public int PatchCount { get; set; }
    public long ParameterCount { get; set; }
    /// <summary>The base checkpoint directory, relative to the data directory: a consolidation's fine-tuned base, or null
    /// for the original base model.</summary>
    public string? BaseModel { get; set; }
    /// <summary>A snapshot's patch file, relative to the data directory; null for a change and for a snapshot without patches.</summary>
    public string? PatchFile { get; set; }
}
