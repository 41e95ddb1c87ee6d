using System.Net.Http.Json;

namespace PatcherPortal.LoadBench;

/// <summary>
/// Keeps a model's patch queue busy until stopped: two corrections are always waiting or training, so the next job
/// starts as soon as one ends. Once stopped it submits nothing more and returns when the last job has finished.
/// </summary>
public sealed class EditStream(HttpClient api, IReadOnlyList<(string Task, string Input, string Target)> edits)
{
    private const int InFlight = 2;
    private int next;

    public int Finished { get; private set; }
    public int Errors { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        var pending = new List<int>();
        while (pending.Count > 0 || (!stop.IsCancellationRequested && next < edits.Count))
        {
            while (pending.Count < InFlight && next < edits.Count && !stop.IsCancellationRequested)
            {
                var (task, input, target) = edits[next++];
                var response = await api.PostAsJsonAsync("/api/corrections", new { task, input, target });
                if (response.IsSuccessStatusCode) pending.Add((await response.Content.ReadFromJsonAsync<Accepted>())!.CorrectionId);
                else Errors++;
            }
            foreach (var id in pending.ToList())
            {
                var status = (await api.GetFromJsonAsync<JobState>($"/api/corrections/{id}"))!.Status;
                if (status is ("Queued" or "Training")) continue;
                pending.Remove(id);
                Finished++;
            }
            await Task.Delay(100);
        }
    }

    private sealed record Accepted(int CorrectionId);
    private sealed record JobState(string Status);
}
