using System.Net.Http.Json;
using System.Text.Json;
using PatcherPortal.Web.Api;

namespace PatcherPortal.Web.Tests.Support;

/// <summary>API calls the tests share.</summary>
public static class PortalApiCalls
{
    /// <summary>Polls a correction until its patch job has finished (whatever the outcome).</summary>
    public static async Task<CorrectionStatusResponse> WaitForJobAsync(this HttpClient client, int id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            var status = (await client.GetFromJsonAsync<CorrectionStatusResponse>($"/api/corrections/{id}"))!;
            if (status.Status is not ("Queued" or "Training")) return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException(JsonSerializer.Serialize(status));
            await Task.Delay(250);
        }
    }

    public static async Task<PredictResponse> PredictAsync(this HttpClient client, string task, string input)
    {
        var response = await client.PostAsJsonAsync("/api/predict", new { task, input });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PredictResponse>())!;
    }
}
