using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Web.Hosting;

/// <summary>A model's answer, the version that gave it, and the patches that fired on the way.</summary>
public sealed record Prediction(string Output, int Version, IReadOnlyList<FiredPatch> FiredPatches);
