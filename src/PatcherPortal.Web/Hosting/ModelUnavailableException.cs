namespace PatcherPortal.Web.Hosting;

/// <summary>The model is still being built or loaded, or failed to: the message says which.</summary>
public sealed class ModelUnavailableException(string message) : Exception(message);
