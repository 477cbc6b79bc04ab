using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Contracts;

namespace FracCluster.AzureProfile.Tests.Infrastructure;

/// <summary>The scanner side of the HTTP API: submit with a client scan id, read a result.</summary>
public static class ScanClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<(HttpStatusCode Status, string? ScanId, TimeSpan? RetryAfter)> SubmitAsync(
        HttpClient http, string scanner, string clientScanId, byte[] image, string? traceParent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scans") { Content = new ByteArrayContent(image) };
        request.Headers.Add("X-Scanner-Id", scanner);
        request.Headers.Add("X-Client-Scan-Id", clientScanId);
        if (traceParent is not null)
            request.Headers.Add("traceparent", traceParent);
        using var response = await http.SendAsync(request);
        string? scanId = null;
        if (response.StatusCode == HttpStatusCode.Accepted)
            scanId = (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("scanId").GetString();
        return (response.StatusCode, scanId, response.Headers.RetryAfter?.Delta);
    }

    /// <summary>The final result, waiting for it up to <paramref name="timeout"/> (in 20 s long polls).</summary>
    public static async Task<ScanResult> FinalAsync(HttpClient http, string scanId, TimeSpan timeout)
    {
        ScanResult? result = null;
        await Poll.UntilAsync(async () =>
        {
            using var response = await http.GetAsync($"/v1/scans/{scanId}?wait=20");
            if (!response.IsSuccessStatusCode)
                return false;
            result = await response.Content.ReadFromJsonAsync<ScanResult>(Json);
            return result is { IsFinal: true };
        }, timeout, $"a final result for {scanId}");
        return result!;
    }
}
