namespace PatcherPortal.Engine.Benchmarks;

/// <summary>An example a run got wrong that a reader of the report will want to look at: an edit the editor could not
/// make (<see cref="Reason"/> says why) or an example f0 answered right and the final model does not.</summary>
public sealed record MissedExample(string Id, string Input, string Answer, string Prediction, string? Reason = null);
