using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;

namespace FracCluster.Cluster.Tests;

public sealed class ModelPipelineTests(LightTrafficClusterFixture fixture) : IClassFixture<LightTrafficClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Frac:Models:PipelineDepth's default.</summary>
    private const int PipelineDepth = 2;

    [Fact]
    public async Task A_model_grain_works_on_up_to_pipeline_depth_batches_at_once_and_never_more()
    {
        await using var driver = new ScanDriver(fixture.Client);
        var scanners = Enumerable.Range(0, 4).Select(i => $"pipe-{i}").ToArray();
        fixture.Probe.Close("v1");
        List<string> sent;
        try
        {
            // Enough full batches that every silo's model grain is offered more than the pipeline holds.
            sent = (await Task.WhenAll(Enumerable.Range(0, 16 * 12).Select(i => driver.SubmitAsync(scanners[i % 4], TestImages.Png((byte)i))))).ToList();
            await fixture.Probe.WaitForBlockedAsync(Timeout);
            await Poll.UntilAsync(() => Task.FromResult(fixture.Probe.MaxConcurrentPerClassifier >= PipelineDepth), Timeout,
                "a second batch to reach a model whose first batch is still on the device");
        }
        finally
        {
            fixture.Probe.Open();
        }

        var results = await driver.WaitAllAsync(sent, Timeout);
        Assert.Equal(sent.Count, results.Count);
        Assert.All(results, r => Assert.Equal(ScanStatus.Completed, r.Status));
        Assert.Equal(PipelineDepth, fixture.Probe.MaxConcurrentPerClassifier);
        // Results are stored before a batch call returns, so the in-flight counts settle a moment after the last result.
        await Poll.UntilAsync(async () => (await fixture.ModelsAsync()).All(m => m.InFlightImages == 0), Timeout, "every model grain to count no images in flight");
    }
}
