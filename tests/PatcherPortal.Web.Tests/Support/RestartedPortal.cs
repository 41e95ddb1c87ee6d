namespace PatcherPortal.Web.Tests.Support;

/// <summary>A portal started on a data directory another portal used before (a restart); the directory stays.</summary>
public sealed class RestartedPortal(string dataDirectory) : TestPortal(dataDirectory);
