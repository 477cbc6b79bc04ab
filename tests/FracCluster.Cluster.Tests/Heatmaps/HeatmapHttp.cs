using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.Silo.Api;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Cluster.Tests.Heatmaps;

/// <summary>Requests the heatmap tests make, and a radiograph-like image whose size differs from the model input's.</summary>
public static class HeatmapHttp
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>A 120×80 grey gradient with a bright bar, so the image is neither square nor the model's 64 px.</summary>
    public static byte[] Radiograph(int width = 120, int height = 80)
    {
        using var image = new Image<L8>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var bar = x > width / 3 && x < width / 2 && y > height / 4;
                image[x, y] = new L8(bar ? (byte)240 : (byte)(40 + ((x + y) % 60)));
            }
        }
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    public static async Task<string> SubmitAsync(HttpClient http, byte[] image, string scanner = "heatmap-scanner")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scans") { Content = new ByteArrayContent(image) };
        request.Headers.Add(ScanEndpoints.ScannerHeader, scanner);
        request.Headers.Add(ApiKeyStore.HeaderName, SiloAppFixture.ApiKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ScanAccepted>(Json))!.ScanId;
    }

    public static async Task<ScanResult> FinalResultAsync(HttpClient http, string scanId)
    {
        ScanResult? result = null;
        await Poll.UntilAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/scans/{scanId}?wait=20");
            request.Headers.Add(ApiKeyStore.HeaderName, SiloAppFixture.ApiKey);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            result = await response.Content.ReadFromJsonAsync<ScanResult>(Json);
            return result is { IsFinal: true };
        }, TimeSpan.FromSeconds(120), $"scan {scanId} to be final");
        return result!;
    }

    public static async Task<HttpResponseMessage> GetHeatmapAsync(HttpClient http, string scanId, bool withKey = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/scans/{scanId}/heatmap");
        if (withKey)
            request.Headers.Add(ApiKeyStore.HeaderName, SiloAppFixture.ApiKey);
        return await http.SendAsync(request);
    }
}
