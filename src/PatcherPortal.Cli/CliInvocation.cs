using System.CommandLine;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Cli;

/// <summary>Runs a parsed command line; what a user can fix (a missing file, a malformed dataset, a refused option) is
/// one line on stderr and exit code 1, not a stack trace. PATCHER_TRACE=1 prints the trace too.</summary>
public static class CliInvocation
{
    public static async Task<int> InvokeAsync(ParseResult parsed, InvocationConfiguration? configuration = null)
    {
        configuration ??= new InvocationConfiguration();
        configuration.EnableDefaultExceptionHandler = false;
        try
        {
            return await parsed.InvokeAsync(configuration);
        }
        catch (Exception e) when (IsUsersToFix(e))
        {
            var error = configuration.Error ?? Console.Error;
            error.WriteLine($"error: {e.Message}");
            if (Environment.GetEnvironmentVariable("PATCHER_TRACE") == "1") error.WriteLine(e);
            return 1;
        }
    }

    private static bool IsUsersToFix(Exception e) => e is DatasetFormatException or CheckpointException or IOException
        or UnauthorizedAccessException or ArgumentException or InvalidOperationException and not ObjectDisposedException;
}
