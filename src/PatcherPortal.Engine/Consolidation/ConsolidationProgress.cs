namespace PatcherPortal.Engine.Consolidation;

/// <summary>Where a consolidation is: its phase, the fraction of the whole run done, and a detail line.</summary>
public sealed record ConsolidationProgress(string Phase, double Fraction, string Detail = "");
