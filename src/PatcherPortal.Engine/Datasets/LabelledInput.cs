namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// An input and the output it should give: a training or test example, a remembered past edit, or a locality probe
/// (an unrelated input whose answer an edit must leave unchanged).
/// </summary>
public sealed record LabelledInput(string Input, string Target);
