using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PatcherPortal.Engine.Benchmarks;

/// <summary>CPU time this process has used, to the nanosecond on Linux (Process.TotalProcessorTime counts 10 ms ticks
/// there, too coarse for a tiny model's round).</summary>
public static class ProcessCpuTime
{
    private const int ClockProcessCpuTimeId = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    public static TimeSpan Now()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockProcessCpuTimeId, out var time) == 0)
            return TimeSpan.FromTicks(time.Seconds * TimeSpan.TicksPerSecond + time.Nanoseconds / 100);
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
