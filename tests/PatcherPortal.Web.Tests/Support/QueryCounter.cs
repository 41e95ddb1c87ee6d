using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace PatcherPortal.Web.Tests.Support;

/// <summary>Counts the database commands a portal runs and the rows it reads into entities, by entity type, on the code
/// path that started <see cref="Counting"/> (not on background jobs running meanwhile).</summary>
public sealed class QueryCounter : DbCommandInterceptor, IMaterializationInterceptor
{
    private readonly Dictionary<string, int> rows = [];
    private readonly AsyncLocal<bool> counting = new();
    private int commands;

    public int Commands => commands;

    public int RowsOf<T>()
    {
        lock (rows) return rows.GetValueOrDefault(typeof(T).Name);
    }

    /// <summary>Starts counting from zero what this code path (and what it awaits) runs, until disposed.</summary>
    public IDisposable Counting()
    {
        lock (rows) rows.Clear();
        Interlocked.Exchange(ref commands, 0);
        counting.Value = true;
        return new Stop(this);
    }

    private sealed class Stop(QueryCounter counter) : IDisposable
    {
        public void Dispose() => counter.counting.Value = false;
    }

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        if (counting.Value)
            lock (rows) rows[entity.GetType().Name] = rows.GetValueOrDefault(entity.GetType().Name) + 1;
        return entity;
    }

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        if (counting.Value) Interlocked.Increment(ref commands);
        return result;
    }
}

/// <summary>A test portal whose database queries a <see cref="QueryCounter"/> counts.</summary>
public class CountedPortal : TestPortal
{
    public QueryCounter Queries { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IInterceptor>(Queries));
    }
}
