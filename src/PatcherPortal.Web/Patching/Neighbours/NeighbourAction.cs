using PatcherPortal.Web.Data;

namespace PatcherPortal.Web.Patching.Neighbours;

/// <summary>What someone did to a correction's neighbour list on a page: mark one changed neighbour, or ask to retrain.</summary>
public abstract record NeighbourAction(int CorrectionId);

public sealed record MarkNeighbour(int CorrectionId, int NeighbourId, NeighbourVerdict Verdict) : NeighbourAction(CorrectionId);

public sealed record RetrainKeepingRegressions(int CorrectionId) : NeighbourAction(CorrectionId);
