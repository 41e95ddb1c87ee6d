namespace PatcherPortal.Engine.Benchmarks;

/// <summary>This process's resident memory (Linux /proc), native tensors included.</summary>
public static class ProcessMemory
{
    public static double ResidentMiB() => Field("VmRSS");
    public static double PeakResidentMiB() => Field("VmHWM");

    /// <summary>Starts the peak over from the current resident size (Linux 4.0 and later).</summary>
    public static void ResetPeak()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (File.Exists("/proc/self/clear_refs")) File.WriteAllText("/proc/self/clear_refs", "5");
    }

    private static double Field(string name)
    {
        if (!File.Exists("/proc/self/status")) return double.NaN;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(name + ":"));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }
}
