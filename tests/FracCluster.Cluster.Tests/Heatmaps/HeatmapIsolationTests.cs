using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;

namespace FracCluster.Cluster.Tests.Heatmaps;

/// <summary>Heatmaps come after classification: one that never ends or fails changes nothing about the scans.</summary>
public sealed class HeatmapIsolationTests(GatedHeatmapClusterFixture fixture) : IClassFixture<GatedHeatmapClusterFixture>
{
    [Fact]
    public async Task Classification_never_waits_for_a_heatmap_that_does_not_finish()
    {
        fixture.Gate.Hang();
        try
        {
            await using var driver = new ScanDriver(fixture.Client);
            var before = fixture.Gate.Requested;
            // Several rounds, so later batches land on model grains whose earlier heatmaps are still hanging.
            for (var round = 0; round < 3; round++)
            {
                var sent = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => driver.SubmitAsync("isolation-hang", TestImages.Png((byte)(100 + i)))));
                var results = await driver.WaitAllAsync(sent, TimeSpan.FromSeconds(60));
                Assert.All(results, r => Assert.Equal(ScanStatus.Completed, r.Status));
                Assert.All(results, r => Assert.Null(r.HeatmapBox));
            }
            await Poll.UntilAsync(() => Task.FromResult(fixture.Gate.Requested > before), TimeSpan.FromSeconds(30), "heatmaps to be asked for");
        }
        finally
        {
            fixture.Gate.Fail();
        }
    }

    [Fact]
    public async Task A_failed_heatmap_leaves_the_stored_classification_as_it_was()
    {
        fixture.Gate.Fail();
        await using var driver = new ScanDriver(fixture.Client);
        var before = fixture.Gate.Requested;
        var sent = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => driver.SubmitAsync("isolation-fail", TestImages.Png((byte)(200 + i)))));
        var completed = await driver.WaitAllAsync(sent, TimeSpan.FromSeconds(60));
        await Poll.UntilAsync(() => Task.FromResult(fixture.Gate.Requested >= before + 1), TimeSpan.FromSeconds(30), "the heatmaps to be tried");
        // Give the failures time to be handled, then read the records again: nothing moved.
        await Task.Delay(500);
        for (var i = 0; i < sent.Length; i++)
        {
            var now = await fixture.Client.GetGrain<IScanResultGrain>(sent[i]).GetAsync();
            Assert.Equal(ScanStatus.Completed, now!.Status);
            Assert.Equal((200 + i) / 255f, now.ProbabilityFractured!.Value, 3);
            Assert.Equal(completed[i].CompletedAt, now.CompletedAt);
            Assert.Null(now.HeatmapBox);
        }
        // The model grains serve on after the failures.
        var again = await driver.SubmitAsync("isolation-fail", TestImages.Png(77));
        Assert.Equal(ScanStatus.Completed, (await driver.WaitAllAsync([again], TimeSpan.FromSeconds(60)))[0].Status);
    }
}
