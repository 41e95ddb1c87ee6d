namespace PatcherPortal.Web.Tests.ScaleOut;

/// <summary>
/// A test that needs a PostgreSQL server: <c>.ci/run</c> starts a throwaway one and passes its connection string in
/// <see cref="PostgreSqlDatabase.Variable"/>. Without it the test is skipped with that reason; with it, an unreachable
/// server fails the test instead, so CI never silently skips it.
/// </summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgreSqlDatabase.Variable)))
            Skip = $"No PostgreSQL server: set {PostgreSqlDatabase.Variable} to a connection string (.ci/run starts one and sets it).";
    }
}
