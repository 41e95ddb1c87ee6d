using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace PatcherPortal.Web.Tests.Support;

/// <summary>Counts the database commands a portal runs and the rows it reads into entities, by entity type.</summary>
public sealed class QueryCounter : DbCommandInterceptor, IMaterializationInterceptor
{
    private readonly Dictionary<string, int> rows = [];
    private int commands;

    public int Commands => commands;

    public int RowsOf<T>()
    {
        lock (rows) return rows.GetValueOrDefault(typeof(T).Name);
    }

    public void Reset()
    {
        lock (rows) rows.Clear();
        Interlocked.Exchange(ref commands, 0);
    }

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        lock (rows) rows[entity.GetType().Name] = rows.GetValueOrDefault(entity.GetType().Name) + 1;
        return entity;
    }

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        Interlocked.Increment(ref commands);
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
