namespace PatcherPortal.Engine.Checkpoints;

/// <summary>A model directory or weight file that cannot be used, with the file (and tensor) at fault in the message.</summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);
