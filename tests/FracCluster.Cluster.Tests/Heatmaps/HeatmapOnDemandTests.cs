using System.Net;
using System.Net.Http.Json;
using FracCluster.Contracts;
using SixLabors.ImageSharp;
using static FracCluster.Cluster.Tests.Heatmaps.HeatmapHttp;

namespace FracCluster.Cluster.Tests.Heatmaps;

/// <summary>Scans below the threshold get no heatmap after classification, but one as soon as it is asked for.</summary>
public sealed class HeatmapOnDemandTests(UnfracturedHeatmapSiloFixture app) : IClassFixture<UnfracturedHeatmapSiloFixture>
{
    [Fact]
    public async Task A_scan_below_the_threshold_gets_its_heatmap_on_demand_and_keeps_it()
    {
        var scanId = await SubmitAsync(app.Http, Radiograph(90, 140));
        var completed = await FinalResultAsync(app.Http, scanId);
        Assert.Equal(ScanStatus.Completed, completed.Status);
        Assert.True(completed.ProbabilityFractured < 0.5f, $"P(fractured) {completed.ProbabilityFractured} should be below the threshold");
        Assert.Null(completed.HeatmapBox);

        using var first = await GetHeatmapAsync(app.Http, scanId);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var png = await first.Content.ReadAsByteArrayAsync();
        var info = Image.Identify(png);
        Assert.Equal((90, 140), (info.Width, info.Height));

        // Computed once: the box is now in the record and the same overlay is served again from the blob store.
        var after = await app.Operator.GetFromJsonAsync<ScanResult>($"/v1/scans/{scanId}", Json);
        var raw = await app.Operator.GetStringAsync($"/v1/scans/{scanId}");
        Assert.True(after!.HeatmapBox is not null, raw);
        Assert.True(after.HeatmapBox.X + after.HeatmapBox.Width <= 90 && after.HeatmapBox.Y + after.HeatmapBox.Height <= 140);
        using var second = await GetHeatmapAsync(app.Http, scanId);
        Assert.Equal(png, await second.Content.ReadAsByteArrayAsync());
    }
}
