using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;

namespace FracCluster.Cluster.Tests;

public sealed class BatchingTests(HeavyTrafficClusterFixture fixture) : IClassFixture<HeavyTrafficClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Batches_close_full_at_sixteen_under_load()
    {
        await using var driver = new ScanDriver(fixture.Client);
        var sent = await Task.WhenAll(Enumerable.Range(0, 48).Select(i => driver.SubmitAsync("busy", TestImages.Png((byte)(i + 1)))));
        var results = await driver.WaitAllAsync(sent, Timeout);

        Assert.All(results, r => Assert.Equal(ScanStatus.Completed, r.Status));
        Assert.All(results, r => Assert.Equal(16, r.BatchSize));
    }

    [Fact]
    public async Task A_corrupt_image_is_rejected_alone_and_its_fifteen_batch_mates_complete()
    {
        await using var driver = new ScanDriver(fixture.Client);
        var good = Enumerable.Range(0, 15).Select(i => driver.SubmitAsync("mixed", TestImages.Png((byte)(100 + i)))).ToList();
        var corrupt = driver.SubmitAsync("mixed", TestImages.CorruptPng());
        var goodIds = await Task.WhenAll(good);
        var corruptId = await corrupt;

        var goodResults = await driver.WaitAllAsync(goodIds, Timeout);
        var rejected = Assert.Single(await driver.WaitAllAsync([corruptId], Timeout));

        Assert.Equal(ScanStatus.Rejected, rejected.Status);
        Assert.False(string.IsNullOrEmpty(rejected.Reason));
        Assert.Null(rejected.ProbabilityFractured);
        Assert.Equal(16, rejected.BatchSize);
        Assert.All(goodResults, r =>
        {
            Assert.Equal(ScanStatus.Completed, r.Status);
            Assert.Equal(16, r.BatchSize);
        });
        Assert.Equal(Enumerable.Range(0, 15).Select(i => (100 + i) / 255f), goodResults.Select(r => r.ProbabilityFractured!.Value), new ToleranceComparer(1e-3f));
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
