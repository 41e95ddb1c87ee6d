
namespace PatcherPortal.Web.Patching;

/// <summary>A wrong output and what it should have been; the paraphrases must be fixed too.</summary>
public sealed record CorrectionRequest(string Model, string Input, string WrongOutput, string Target, IReadOnlyList<string> Paraphrases,
    int? ReviewItemId = null);

/// <summary>Either the queued correction or why it was not queued (a duplicate names the correction that fixed it).</summary>
public sealed record CorrectionResult(int? CorrectionId, string? Error = null, int? DuplicateOf = null)
{
    public bool Accepted => CorrectionId is not null;
}
