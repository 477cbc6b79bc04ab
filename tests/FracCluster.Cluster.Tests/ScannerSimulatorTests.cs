using FracCluster.Cli.Streaming;
using FracCluster.Cluster.Tests.Infrastructure;

namespace FracCluster.Cluster.Tests;

/// <summary>`frac stream` against the real host, whose queues hold only 4 scans: it must be pushed back and still lose nothing.</summary>
public sealed class ScannerSimulatorTests(SiloAppFixture app) : IClassFixture<SiloAppFixture>
{
    [Fact]
    public async Task Streaming_more_scans_than_the_queues_hold_retries_on_503_and_loses_and_duplicates_nothing()
    {
        var images = Enumerable.Range(0, 10).Select(i => TestImages.Png((byte)(i * 20))).Append(TestImages.CorruptPng()).ToList();
        await using var transport = new HttpScanTransport(app.Http.BaseAddress!, SiloAppFixture.ApiKey);
        var simulator = new ScannerSimulator(transport, new ScannerSimulatorOptions
        {
            Scanners = 3,
            Rate = 500,
            Count = 44,
            ScannerPrefix = "sim",
            ResultTimeout = TimeSpan.FromSeconds(60),
        }, TimeProvider.System);

        var summary = await simulator.RunAsync(images, CancellationToken.None);

        Assert.Equal(44, summary.Sent);
        Assert.Equal(44, summary.Results);
        Assert.Equal(0, summary.Lost);
        Assert.Equal(0, summary.Duplicates);
        Assert.Equal(0, summary.Refused);
        Assert.Equal(4, summary.Rejected);
        Assert.Equal(40, summary.Completed);
        Assert.True(summary.Retries > 0, "44 scans at once against a capacity of 4 must meet 503s");
        Assert.Equal(44, summary.LatenciesMs.Count + summary.RecoveredByPolling);
        Assert.True(summary.Clean);
    }
}
