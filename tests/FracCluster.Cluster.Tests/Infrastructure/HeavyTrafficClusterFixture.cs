namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>A max delay far longer than any test: every batch it closes, it closes because it is full.</summary>
public sealed class HeavyTrafficClusterFixture : ClusterFixture
{
    protected override int MaxDelayMs => 60_000;
}
