namespace PatcherPortal.Cli;

/// <summary>
/// Progress on standard error. On a terminal, one line redrawn at most four times a second. Redirected to a file or a
/// pipe, where every redraw would be a new line, a line only at the start, at each further tenth of the work, after
/// <see cref="LogInterval"/> without one, and at the end.
/// </summary>
public sealed class ConsoleProgressBar(string label, TextWriter? writer = null, bool? interactive = null, TimeProvider? time = null)
{
    public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(30);
    private const int Width = 30;

    private readonly TextWriter output = writer ?? Console.Error;
    private readonly bool redraws = interactive ?? !Console.IsErrorRedirected;
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private DateTimeOffset? lastLine;
    private double lastFraction;

    public void Draw(long done, long total, string detail, bool force = false)
    {
        var now = clock.GetUtcNow();
        var fraction = total == 0 ? 1 : Math.Clamp(done / (double)total, 0, 1);
        var finished = done >= total;
        if (!force && !finished && lastLine is { } last && !Due(now - last, fraction)) return;
        (lastLine, lastFraction) = (now, fraction);
        var filled = (int)Math.Round(fraction * Width);
        var line = $"{label} [{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0} {done}/{total} {detail}";
        if (!redraws) output.WriteLine(line);
        else
        {
            output.Write("\r" + line.PadRight(Math.Min(TerminalWidth() - 1, 140)));
            if (finished) output.WriteLine();
        }
    }

    private bool Due(TimeSpan sinceLast, double fraction) => redraws
        ? sinceLast >= RedrawInterval
        : sinceLast >= LogInterval || Tenths(fraction) > Tenths(lastFraction);

    private static int Tenths(double fraction) => (int)Math.Floor(fraction * 10 + 1e-9);

    private static int TerminalWidth()
    {
        try { return Console.BufferWidth > 0 ? Console.BufferWidth : 120; }
        catch (IOException) { return 120; }
    }
}
