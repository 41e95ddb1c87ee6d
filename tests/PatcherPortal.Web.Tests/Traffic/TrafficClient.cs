using System.Net.Http.Json;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Review.Traffic;

namespace PatcherPortal.Web.Tests.Traffic;

/// <summary>The ingest, review-page and sampling-policy calls the traffic tests make.</summary>
public static class TrafficClient
{
    public static object Row(string id, string input, string output, double? confidence = null, object? metadata = null) =>
        new { id, input, output, confidence, metadata };

    public static async Task<IngestResponse> IngestAsync(this HttpClient client, string model, params object[] rows)
    {
        var response = await client.PostAsJsonAsync($"/api/models/{model}/ingest", new { rows });
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<IngestResponse>())!;
    }

    public static async Task<ReviewPageResponse> ReviewAsync(this HttpClient client, string model, string query) =>
        (await client.GetFromJsonAsync<ReviewPageResponse>($"/api/models/{model}/review?{query}"))!;

    public static async Task SetPolicyAsync(this HttpClient admin, string model, SamplingPolicy policy)
    {
        var response = await admin.PutAsJsonAsync($"/api/models/{model}/review/policy", policy);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
