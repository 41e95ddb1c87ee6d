namespace PatcherPortal.Web.Tests.Support;

public static class Repository
{
    /// <summary>The checkout the tests were built from (the folder holding Portal.sln).</summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Portal.sln"))) return directory.FullName;
        throw new InvalidOperationException("Portal.sln not found above the test's directory.");
    }
}
