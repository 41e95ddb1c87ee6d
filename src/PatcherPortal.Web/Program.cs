using PatcherPortal.Web.Infrastructure;

var builder = PortalHost.CreateBuilder(args);

builder.AddPortalUi();
builder.AddModelStatus();

var app = builder.Build();

app.UsePortalPipeline();
app.MapHealth();
app.MapPortalUi();

app.Run();

public partial class Program { }
