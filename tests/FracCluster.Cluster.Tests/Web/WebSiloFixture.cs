using FracCluster.Cluster.Tests.Infrastructure;

namespace FracCluster.Cluster.Tests.Web;

/// <summary>
/// The real silo host with the fake classifier, sized for the web UI's tests: room for 20+ scans in flight, and the
/// urgent list's threshold at 0.5 so the fake classifier's probabilities (an image's top-left grey level) decide it.
/// </summary>
public sealed class WebSiloFixture : SiloAppFixture
{
    public const double Threshold = 0.5;

    protected override IReadOnlyList<string> Overrides =>
    [
        "--Frac:Batching:MaxBatchSize=8",
        "--Frac:Batching:QueueCapacity=128",
        "--Frac:Web:HighSensitivityThreshold=0.5",
    ];
}
