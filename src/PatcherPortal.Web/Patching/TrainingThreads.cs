using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.Web.Patching;

/// <summary>
/// Runs a job's CPU-heavy work (training a patch, measuring a version) on a thread of its own with a lower scheduling
/// priority (a higher Linux nice value), so predictions served meanwhile get a core first on a small machine. With one
/// libtorch thread (Portal:TorchThreads) the computation runs on this very thread; elsewhere than Linux it runs as is.
/// </summary>
public sealed class TrainingThreads(IOptions<PortalOptions> options, ILogger<TrainingThreads> logger)
{
    public Task<T> RunAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            Lower(options.Value.Jobs.TrainingNiceness);
            try { done.SetResult(work()); }
            catch (Exception error) { done.SetException(error); }
        }) { IsBackground = true, Name = "Patch job work" };
        thread.Start();
        return done.Task;
    }

    private void Lower(int niceness)
    {
        if (niceness <= 0 || !OperatingSystem.IsLinux()) return;
        if (SetPriority(0, GetThreadId(), niceness) != 0)
            logger.LogWarning("Could not lower the priority of the training thread (errno {Error})", Marshal.GetLastPInvokeError());
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();
}
