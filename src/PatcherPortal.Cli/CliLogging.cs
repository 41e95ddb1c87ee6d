using Microsoft.Extensions.Logging;

namespace PatcherPortal.Cli;

/// <summary>Diagnostics (device choice, warnings) go to standard error so results on standard output stay clean.</summary>
public static class CliLogging
{
    public static readonly ILoggerFactory Factory = LoggerFactory.Create(b => b
        .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddFilter((_, level) => level >= LogLevel.Information)
        .SetMinimumLevel(LogLevel.Information));

    public static ILogger Logger { get; } = Factory.CreateLogger("patcher");
}
