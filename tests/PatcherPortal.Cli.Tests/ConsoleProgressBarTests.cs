using Microsoft.Extensions.Time.Testing;

namespace PatcherPortal.Cli.Tests;

public class ConsoleProgressBarTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly StringWriter output = new();

    [Fact]
    public void Redirected_a_750_step_training_logs_a_line_per_tenth_of_the_work_not_one_per_step()
    {
        var bar = new ConsoleProgressBar("train qa", output, interactive: false, clock);

        for (var step = 1; step <= 750; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(20));
            bar.Draw(step, 750, $"loss {1.0 / step:F4}");
        }

        var lines = Lines();
        Assert.Equal(1 + 10, lines.Length);
        Assert.StartsWith("train qa [", lines[0]);
        Assert.Contains("750/750", lines[^1]);
        Assert.DoesNotContain('\r', output.ToString());
    }

    [Fact]
    public void Redirected_a_slow_step_still_shows_a_line_every_log_interval()
    {
        var bar = new ConsoleProgressBar("bench", output, interactive: false, clock);
        bar.Draw(0, 1000, "");

        for (var second = 1; second <= 300; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            bar.Draw(second / 10, 1000, "");
        }

        // 30 s at 0.1 % a second: no tenth is crossed, so only the clock brings lines (5 minutes: 10 of them).
        Assert.Equal(1 + 10, Lines().Length);
    }

    [Fact]
    public void On_a_terminal_the_bar_redraws_one_line_at_most_four_times_a_second()
    {
        var bar = new ConsoleProgressBar("train fc", output, interactive: true, clock);

        for (var step = 1; step <= 100; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(50));
            bar.Draw(step, 100, "");
        }

        var text = output.ToString();
        Assert.Equal(1, text.Count(c => c == '\n'));
        Assert.InRange(text.Count(c => c == '\r'), 20, 22);
        Assert.Contains("100/100", text);
    }

    private string[] Lines() => output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
