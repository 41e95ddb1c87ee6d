namespace PatcherPortal.Cli;

/// <summary>A one-line progress bar on standard error, redrawn at most a few times a second.</summary>
public sealed class ConsoleProgressBar(string label)
{
    private DateTime lastDraw = DateTime.MinValue;

    public void Draw(long done, long total, string detail, bool force = false)
    {
        var now = DateTime.UtcNow;
        if (!force && done < total && (now - lastDraw).TotalMilliseconds < 250) return;
        lastDraw = now;
        var fraction = total == 0 ? 1 : Math.Clamp(done / (double)total, 0, 1);
        const int width = 30;
        var filled = (int)Math.Round(fraction * width);
        var line = $"\r{label} [{new string('#', filled)}{new string('.', width - filled)}] {fraction,4:P0} {done}/{total} {detail}";
        Console.Error.Write(Console.IsErrorRedirected ? line.TrimStart('\r') + "\n" : line.PadRight(Math.Min(Console.BufferWidth - 1, 140)));
        if (done >= total) Console.Error.WriteLine();
    }
}
