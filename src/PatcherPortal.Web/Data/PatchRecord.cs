namespace PatcherPortal.Web.Data;

/// <summary>Retired: a consolidation folded the patch's edit into the base (or re-trained the patch against it).</summary>
public enum PatchStatus { Pending, Live, Rejected, Removed, Retired }

/// <summary>One patch's metadata (a neuron, or a MEND/KE weight delta); its tensors are in the correction's edit file and in
/// each version file holding it.</summary>
public sealed class PatchRecord
{
    public Guid Id { get; set; }
    public Engine.Patching.PatchKind Kind { get; set; }
    public required string Model { get; set; }
    public int CorrectionId { get; set; }
    public Correction? Correction { get; set; }
    /// <summary>Position of the patch among its edit's patches (one per wrong answer token for generation).</summary>
    public int Index { get; set; }
    public PatchStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public int TrainedOnVersion { get; set; }
    /// <summary>The version that last put this patch in service.</summary>
    public int? LiveInVersion { get; set; }
    /// <summary>A neuron's figures (paper table 4); a weight delta has none and keeps 0.</summary>
    public double EditActivation { get; set; }
    public double MaxMemoryActivation { get; set; }
    /// <summary>How the patch got its status, oldest first (see <see cref="PatchEvent"/>).</summary>
    public List<PatchEvent> History { get; set; } = [];
}
