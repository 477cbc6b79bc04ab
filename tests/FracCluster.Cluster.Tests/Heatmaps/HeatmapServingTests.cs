using System.Net;
using System.Net.Http.Json;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.Silo.Web;
using SixLabors.ImageSharp;
using static FracCluster.Cluster.Tests.Heatmaps.HeatmapHttp;

namespace FracCluster.Cluster.Tests.Heatmaps;

/// <summary>Scans at or above Frac:Heatmaps:ProbabilityThreshold get their heatmap after classification, unasked.</summary>
public sealed class HeatmapServingTests(FracturedHeatmapSiloFixture app) : IClassFixture<FracturedHeatmapSiloFixture>
{
    [Fact]
    public async Task A_scan_above_the_threshold_gets_a_box_in_its_result_and_an_overlay_the_size_of_its_image()
    {
        var scanId = await SubmitAsync(app.Http, Radiograph(120, 80));
        var completed = await FinalResultAsync(app.Http, scanId);
        Assert.Equal(ScanStatus.Completed, completed.Status);
        Assert.True(completed.ProbabilityFractured >= 0.5f, $"P(fractured) {completed.ProbabilityFractured} should be above the threshold");

        // Nobody asks for the heatmap: the box appears in the record by itself, after the result was completed.
        ScanResult? withBox = null;
        await Poll.UntilAsync(async () =>
        {
            withBox = await app.Operator.GetFromJsonAsync<ScanResult>($"/v1/scans/{scanId}", Json);
            return withBox?.HeatmapBox is not null;
        }, TimeSpan.FromSeconds(60), "the heatmap box in the scan's result");
        var box = withBox!.HeatmapBox!;
        Assert.Equal("GradCam", box.Method);
        Assert.Equal(completed.ModelVersion, box.ModelVersion);
        Assert.True(box.X >= 0 && box.Y >= 0 && box.Width >= 1 && box.Height >= 1);
        Assert.True(box.X + box.Width <= 120 && box.Y + box.Height <= 80, $"box {box} should lie inside the 120×80 image");
        // The classification itself is untouched by the heatmap.
        Assert.Equal(completed.ProbabilityFractured, withBox.ProbabilityFractured);
        Assert.Equal(completed.CompletedAt, withBox.CompletedAt);

        using var response = await GetHeatmapAsync(app.Http, scanId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var info = Image.Identify(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((120, 80), (info.Width, info.Height));
    }

    [Fact]
    public async Task An_unknown_scan_has_no_heatmap_and_the_heatmap_needs_the_key()
    {
        using var unknown = await GetHeatmapAsync(app.Http, "no-such-scan-0123");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var anonymous = await GetHeatmapAsync(app.Http, "no-such-scan-0123", withKey: false);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_web_pages_session_cookie_reads_the_heatmap_without_the_key()
    {
        var scanId = await SubmitAsync(app.Http, Radiograph(64, 96));
        await FinalResultAsync(app.Http, scanId);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.Http.BaseAddress };
        using var signIn = await client.PostAsync(WebUiEndpoints.LoginPath, new FormUrlEncodedContent([new KeyValuePair<string, string>("key", SiloAppFixture.ApiKey)]));
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/scans/{scanId}/heatmap");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var info = Image.Identify(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((64, 96), (info.Width, info.Height));
    }

    [Fact]
    public async Task A_rejected_scan_has_no_heatmap_and_says_why()
    {
        var scanId = await SubmitAsync(app.Http, TestImages.CorruptPng());
        var rejected = await FinalResultAsync(app.Http, scanId);
        Assert.Equal(ScanStatus.Rejected, rejected.Status);

        using var response = await GetHeatmapAsync(app.Http, scanId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("NotClassified", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
