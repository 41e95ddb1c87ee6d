namespace PatcherPortal.Web.Api;

/// <param name="Checked">How many neighbours the latest candidate was asked.</param>
/// <param name="Retrains">How often the correction was trained again keeping regressions.</param>
/// <param name="Changed">The neighbours the latest candidate changed.</param>
/// <param name="Kept">Regressions marked on earlier candidates, which every later training keeps; <c>holds</c> is false when the
/// latest candidate changed one again (it is then in <c>changed</c> too).</param>
public sealed record NeighboursResponse(int CorrectionId, string Model, string Status, int Retrains, int Checked,
    IReadOnlyList<NeighbourResponse> Changed, IReadOnlyList<KeptNeighbourResponse> Kept);

/// <param name="PatchId">The candidate's patch firing hardest on the input; null when none of its patches fires there.</param>
/// <param name="Verdict">Unmarked, Intended or Regression.</param>
public sealed record NeighbourResponse(int Id, string Input, string Before, string After, Guid? PatchId, double? PreActivation, string Verdict,
    string? MarkedBy, DateTime? MarkedAt);

public sealed record KeptNeighbourResponse(string Input, string Answer, bool Holds);

/// <param name="Verdict">Intended (a paraphrase), Regression, or Unmarked.</param>
public sealed record MarkNeighbourRequest(string? Verdict);

public sealed record RetrainResponse(int CorrectionId, string Status, string Message, string StatusUrl, string NeighboursUrl);
