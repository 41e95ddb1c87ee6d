
namespace PatcherPortal.Web.Patching;

/// <summary>A wrong output and what it should have been; the paraphrases must be fixed too. A patch limit (null: the
/// configured one) is for an admin's retry of an edit that needed more patches.</summary>
public sealed record CorrectionRequest(string Model, string Input, string WrongOutput, string Target, IReadOnlyList<string> Paraphrases,
    int? ReviewItemId = null, int? PatchLimit = null);

/// <summary>Either the queued correction or why it was not queued (a duplicate names the correction that fixed it).</summary>
public sealed record CorrectionResult(int? CorrectionId, string? Error = null, int? DuplicateOf = null)
{
    public bool Accepted => CorrectionId is not null;
}
