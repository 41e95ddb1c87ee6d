using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;

namespace PatcherPortal.LoadBench;

public sealed record Sample(string Kind, double Milliseconds, bool Ok);

/// <summary>
/// Concurrent clients in a closed loop (each sends its next request when the last one is answered) until the phase's
/// time or request budget runs out: API clients ask a model (alternating tasks), page clients load the playground.
/// </summary>
public sealed class LoadDriver(HttpClient api, HttpClient pages, IReadOnlyList<(string Task, string Input)> questions)
{
    public const string Predict = "predict API";
    public const string Playground = "playground page";

    public async Task<IReadOnlyList<Sample>> RunAsync(int apiClients, int pageClients, TimeSpan duration, int maxRequests)
    {
        var samples = new ConcurrentBag<Sample>();
        var issued = 0;
        using var stop = new CancellationTokenSource(duration);
        async Task Client(int index, bool page)
        {
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref issued) <= maxRequests)
            {
                var (task, input) = questions[(index * 7919 + issued) % questions.Count];
                var clock = Stopwatch.StartNew();
                bool ok;
                try
                {
                    using var response = page
                        ? await pages.GetAsync("/playground")
                        : await api.PostAsJsonAsync("/api/predict", new { task, input });
                    ok = response.IsSuccessStatusCode;
                    await response.Content.ReadAsByteArrayAsync();
                }
                catch (HttpRequestException) { ok = false; }
                catch (TaskCanceledException) { ok = false; }
                samples.Add(new Sample(page ? Playground : Predict, clock.Elapsed.TotalMilliseconds, ok));
            }
        }
        await Task.WhenAll([.. Enumerable.Range(0, apiClients).Select(i => Task.Run(() => Client(i, false))),
            .. Enumerable.Range(0, pageClients).Select(i => Task.Run(() => Client(apiClients + i, true)))]);
        return samples.ToList();
    }
}
