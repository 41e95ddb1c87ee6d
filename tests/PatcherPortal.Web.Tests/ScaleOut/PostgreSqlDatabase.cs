using Npgsql;

namespace PatcherPortal.Web.Tests.ScaleOut;

/// <summary>A fresh database on the test server, dropped (with its open connections) at the end.</summary>
public sealed class PostgreSqlDatabase : IAsyncDisposable
{
    public const string Variable = "PATCHER_TEST_POSTGRES";

    private readonly string server;
    private readonly string name;

    private PostgreSqlDatabase(string server, string name)
    {
        (this.server, this.name) = (server, name);
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgreSqlDatabase> CreateAsync()
    {
        var database = new PostgreSqlDatabase(Environment.GetEnvironmentVariable(Variable)!, $"portal_scaleout_{Guid.NewGuid():N}"[..32]);
        try
        {
            await database.ExecuteOnServerAsync($"CREATE DATABASE {database.name}");
        }
        catch (Exception error) when (error is NpgsqlException or ArgumentException)
        {
            throw new InvalidOperationException($"{Variable} is set but no PostgreSQL server answers at '{database.server}': {error.Message}", error);
        }
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
