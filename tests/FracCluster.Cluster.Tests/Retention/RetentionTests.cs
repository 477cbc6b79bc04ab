using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.Grains.Intake;

namespace FracCluster.Cluster.Tests.Retention;

/// <summary>PHI retention: expired scans leave nothing behind in the blob store or the records; recent ones stay.</summary>
public sealed class RetentionTests(LightTrafficClusterFixture fixture) : IClassFixture<LightTrafficClusterFixture>
{
    [Fact]
    public async Task A_sweep_erases_expired_scans_and_orphaned_blobs_and_keeps_recent_ones()
    {
        var old = DateTimeOffset.UtcNow.AddDays(-45);
        var expired = await StageCompletedScanAsync("retention-old", old, withHeatmap: true);
        var recent = await StageCompletedScanAsync("retention-new", DateTimeOffset.UtcNow, withHeatmap: false);
        // Stored, then never registered (the silo died between the two): nobody else would ever delete it.
        var orphan = ScanIds.BlobKey("scans", old, "0123456789abcdef0123456789abcdef", new string('a', 64));
        await fixture.Blobs.PutAsync(orphan, TestImages.Png(9));

        var sweep = await fixture.Client.GetGrain<IScanRetentionGrain>(0).SweepAsync();

        Assert.True(sweep.Erased >= 1 && sweep.Orphans >= 1, $"sweep erased {sweep.Erased}, orphans {sweep.Orphans}");
        var left = await ListAsync("scans/");
        Assert.DoesNotContain(left, k => k.Contains(expired.ScanId, StringComparison.Ordinal));
        Assert.DoesNotContain(orphan, left);
        Assert.Null(await fixture.Client.GetGrain<IScanResultGrain>(expired.ScanId).GetAsync());
        Assert.Contains(recent.BlobRef, left);
        Assert.Equal(ScanStatus.Completed, (await fixture.Client.GetGrain<IScanResultGrain>(recent.ScanId).GetAsync())!.Status);
    }

    [Fact]
    public async Task Erasing_a_pending_scan_is_refused_and_an_unknown_one_is_not_found()
    {
        var scanId = Guid.NewGuid().ToString("N");
        var grain = fixture.Client.GetGrain<IScanResultGrain>(scanId);
        Assert.Equal(EraseOutcome.NotFound, await grain.EraseAsync());
        var arrived = Arrival(scanId, "retention-pending", DateTimeOffset.UtcNow);
        // Registered but never put on the stream: it stays pending.
        await grain.RegisterAsync(arrived);
        Assert.Equal(EraseOutcome.Pending, await grain.EraseAsync());
        await grain.CompleteAsync(new ScanResult
        {
            ScanId = scanId, ScannerId = arrived.ScannerId, Status = ScanStatus.Rejected, Reason = "Test", ReceivedAt = arrived.ReceivedAt, CompletedAt = DateTimeOffset.UtcNow,
        });
        Assert.Equal(EraseOutcome.Erased, await grain.EraseAsync());
        Assert.Null(await grain.GetAsync());
    }

    private async Task<ScanArrived> StageCompletedScanAsync(string scanner, DateTimeOffset receivedAt, bool withHeatmap)
    {
        var scanId = Guid.NewGuid().ToString("N");
        var arrived = Arrival(scanId, scanner, receivedAt);
        await fixture.Blobs.PutAsync(arrived.BlobRef, TestImages.Png(3));
        if (withHeatmap)
            await fixture.Blobs.PutAsync(ScanIds.HeatmapKey(arrived.BlobRef), TestImages.Png(4));
        var grain = fixture.Client.GetGrain<IScanResultGrain>(scanId);
        Assert.True((await grain.RegisterAsync(arrived)).IsNew);
        Assert.True(await grain.CompleteAsync(new ScanResult
        {
            ScanId = scanId, ScannerId = scanner, Status = ScanStatus.Completed, ProbabilityFractured = 0.2f, Label = "not_fractured",
            ReceivedAt = receivedAt, CompletedAt = receivedAt.AddSeconds(1),
        }));
        return arrived;
    }

    private static ScanArrived Arrival(string scanId, string scanner, DateTimeOffset receivedAt)
    {
        var sha = new string('b', 64);
        return new ScanArrived
        {
            ScanId = scanId,
            ScannerId = scanner,
            ReceivedAt = receivedAt,
            Sha256 = sha,
            BlobRef = ScanIds.BlobKey("scans", receivedAt, scanId, sha),
        };
    }

    private async Task<List<string>> ListAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var key in fixture.Blobs.ListAsync(prefix))
            keys.Add(key);
        return keys;
    }
}
