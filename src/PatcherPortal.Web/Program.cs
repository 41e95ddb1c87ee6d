using PatcherPortal.Web.Consolidation;
using PatcherPortal.Web.Infrastructure;

var builder = PortalHost.CreateBuilder(args);

builder.AddPortalUi();
builder.AddPortalStorage();
builder.AddPortalIdentity();
builder.AddPortalModels();
builder.AddPortalJobs();
builder.AddPortalConsolidation();
builder.AddPortalApi();

var app = builder.Build();

app.MigrateDatabase();
app.UsePortalPipeline();
app.MapHealth();
if (builder.Role().ServesWeb())
{
    await app.SeedAccountsAsync();
    app.MapAccounts();
    app.MapApi();
    app.MapConsolidationApi();
    app.MapJobsDashboard();
    app.MapPortalUi();
}

app.Run();

public partial class Program { }
