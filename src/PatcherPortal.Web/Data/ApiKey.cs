namespace PatcherPortal.Web.Data;

/// <summary>A key for the REST API. Only its SHA-256 hash is stored; the prefix identifies it in lists.</summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    /// <summary>The role the key acts with: annotator (predict, report, status) or admin.</summary>
    public required string Role { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
