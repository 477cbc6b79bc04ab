using System.Security.Cryptography;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;

namespace FracCluster.Cluster.Tests;

public sealed class RedriveTests(RedriveClusterFixture fixture) : IClassFixture<RedriveClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_scan_whose_stream_event_was_lost_is_published_again_and_completes()
    {
        // Accepted (blob stored, record Pending) but its ScanArrived never reached the stream, as when a silo dies.
        var image = TestImages.Png(77);
        var scan = await StageAsync("lost-event", image, "redrive-1");
        await using var driver = new ScanDriver(fixture.Client);

        var result = Assert.Single(await driver.WaitAllAsync([scan.ScanId], Timeout));

        Assert.Equal(ScanStatus.Completed, result.Status);
        Assert.Equal(77 / 255f, result.ProbabilityFractured!.Value, 3);
    }

    [Fact]
    public async Task A_scan_no_model_serves_in_time_ends_rejected_as_unserved_after_its_redrives()
    {
        // Every model is held, so neither the first publish nor the two redrives get served; the third tick gives up.
        fixture.Probe.Close("v1");
        try
        {
            var scan = await StageAsync("unserved", TestImages.Png(5), "redrive-2");
            await using var driver = new ScanDriver(fixture.Client);

            var result = Assert.Single(await driver.WaitAllAsync([scan.ScanId], Timeout));

            Assert.Equal(ScanStatus.Rejected, result.Status);
            Assert.Equal("Unserved", result.Reason);
        }
        finally
        {
            fixture.Probe.Open();
        }
    }

    [Fact]
    public async Task A_redriven_scan_whose_image_is_gone_is_rejected_as_blob_missing()
    {
        var scan = await StageAsync("no-blob", TestImages.Png(5), "redrive-3", storeBlob: false);
        await using var driver = new ScanDriver(fixture.Client);

        var result = Assert.Single(await driver.WaitAllAsync([scan.ScanId], Timeout));

        Assert.Equal(ScanStatus.Rejected, result.Status);
        Assert.Equal("BlobMissing", result.Reason);
    }

    private async Task<ScanArrived> StageAsync(string scannerId, byte[] image, string scanId, bool storeBlob = true)
    {
        var blobRef = $"scans/test/{scanId}";
        if (storeBlob)
            await fixture.Blobs.PutAsync(blobRef, image);
        var scan = new ScanArrived
        {
            ScanId = scanId,
            BlobRef = blobRef,
            ScannerId = scannerId,
            ReceivedAt = DateTimeOffset.UtcNow,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(image)),
        };
        var outcome = await fixture.Client.GetGrain<IScanResultGrain>(scanId).RegisterAsync(scan);
        Assert.True(outcome.IsNew);
        return scan;
    }
}
