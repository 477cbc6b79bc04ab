using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;

namespace FracCluster.Cluster.Tests;

public sealed class ModelSwapTests(LightTrafficClusterFixture fixture) : IClassFixture<LightTrafficClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_model_version_swap_under_load_loses_nothing_and_in_flight_batches_finish_on_the_old_model()
    {
        await using var driver = new ScanDriver(fixture.Client);
        var scanners = Enumerable.Range(0, 5).Select(i => $"swap-{i}").ToArray();
        fixture.Probe.Close("v1");
        List<string> before;
        try
        {
            before = (await Task.WhenAll(Enumerable.Range(0, 80).Select(i => driver.SubmitAsync(scanners[i % 5], TestImages.Png((byte)i))))).ToList();
            await fixture.Probe.WaitForBlockedAsync(Timeout);

            // v1 batches are held at the gate; the swap must complete beside them.
            var swapped = await Task.WhenAll(fixture.Cluster.Silos.Select(s =>
                fixture.Client.GetGrain<ISiloControlGrain>(s.SiloAddress.ToParsableString()).LoadModelAsync("v2")));
            Assert.All(swapped.SelectMany(m => m), m => Assert.Equal("v2", m.ModelVersion));
            // A silo whose v1 model holds no batch may dispose it at once; one holding a batch at the gate must not.
            Assert.Empty(fixture.Probe.DisposedInUse);
        }
        finally
        {
            fixture.Probe.Open();
        }

        var after = await Task.WhenAll(Enumerable.Range(0, 80).Select(i => driver.SubmitAsync(scanners[i % 5], TestImages.Png((byte)i))));
        var results = await driver.WaitAllAsync(before.Concat(after), Timeout);

        Assert.Equal(160, results.Count);
        Assert.All(results, r => Assert.Equal(ScanStatus.Completed, r.Status));
        Assert.Contains(results.Take(80), r => r.ModelVersion == "v1");
        Assert.All(results.Skip(80), r => Assert.Equal("v2", r.ModelVersion));
        Assert.All(await fixture.ModelsAsync(), m => Assert.Equal("v2", m.ModelVersion));
        await Poll.UntilAsync(() => Task.FromResult(fixture.Probe.Disposed.Count(v => v == "v1") == 3), Timeout, "the three v1 models to be disposed");
        Assert.Empty(fixture.Probe.DisposedInUse);
    }
}
